package io.procsnap.replay.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a {@link WaitGraph} as inline SVG: one column per layer, nodes stacked top to bottom in graph
 * order, edges as arrows from the right side of a node to the left side of the node it waits for.
 */
public final class GraphSvg {
    static final int NODE_WIDTH = 186;
    static final int NODE_HEIGHT = 46;
    static final int COLUMN_GAP = 66;
    static final int ROW_GAP = 18;
    static final int MARGIN = 10;
    private static final int LABEL_CHARS = 25;

    private GraphSvg() {
    }

    public static String svg(WaitGraph graph) {
        Map<String, int[]> at = new HashMap<>();
        int[] rows = new int[5];
        int columns = 0;
        for (WaitGraph.Node n : graph.nodes()) {
            int c = Math.max(0, Math.min(4, n.column()));
            at.put(n.id(), new int[] {x(c), MARGIN + rows[c] * (NODE_HEIGHT + ROW_GAP)});
            rows[c]++;
            columns = Math.max(columns, c + 1);
        }
        int maxRows = 0;
        for (int r : rows) {
            maxRows = Math.max(maxRows, r);
        }
        int width = x(columns) - COLUMN_GAP + MARGIN;
        int height = MARGIN * 2 + maxRows * (NODE_HEIGHT + ROW_GAP) - ROW_GAP;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"wait-graph\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n<title>wait-for graph</title>\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                        + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" "
                        + "fill=\"#555\"/></marker></defs>\n");
        for (WaitGraph.Edge e : graph.edges()) {
            int[] from = at.get(e.from());
            int[] to = at.get(e.to());
            if (from == null || to == null) {
                continue;
            }
            int x1 = from[0] + NODE_WIDTH;
            int y1 = from[1] + NODE_HEIGHT / 2;
            int x2 = to[0];
            int y2 = to[1] + NODE_HEIGHT / 2;
            if (x2 <= x1) {
                x2 = to[0] + NODE_WIDTH / 2;
                y2 = to[1];
            }
            b.append("<g class=\"edge\" data-from=\"").append(Html.text(e.from())).append("\" data-to=\"")
                    .append(Html.text(e.to())).append("\"><line x1=\"").append(x1).append("\" y1=\"").append(y1)
                    .append("\" x2=\"").append(x2).append("\" y2=\"").append(y2)
                    .append("\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>")
                    .append("<text x=\"").append(x1 + 4).append("\" y=\"").append(y1 - 4)
                    .append("\" font-size=\"10\" fill=\"#333\">")
                    .append(Html.text(Html.shorten(e.label(), 12))).append("</text></g>\n");
        }
        for (WaitGraph.Node n : graph.nodes()) {
            int[] p = at.get(n.id());
            b.append("<g class=\"node node-").append(n.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\" data-id=\"").append(Html.text(n.id())).append("\"><title>")
                    .append(Html.text(n.title())).append("</title><rect x=\"").append(p[0]).append("\" y=\"")
                    .append(p[1]).append("\" width=\"").append(NODE_WIDTH).append("\" height=\"").append(NODE_HEIGHT)
                    .append("\" rx=\"6\" fill=\"").append(fill(n.kind())).append("\" stroke=\"#444\"/>")
                    .append("<text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 19)
                    .append("\" font-size=\"12\" font-weight=\"bold\">")
                    .append(Html.text(Html.shorten(n.label(), LABEL_CHARS))).append("</text>")
                    .append("<text x=\"").append(p[0] + 8).append("\" y=\"").append(p[1] + 37)
                    .append("\" font-size=\"11\">").append(Html.text(Html.shorten(n.detail(), LABEL_CHARS + 4)))
                    .append("</text></g>\n");
        }
        return b.append("</svg>\n").toString();
    }

    private static int x(int column) {
        return MARGIN + column * (NODE_WIDTH + COLUMN_GAP);
    }

    private static String fill(WaitGraph.Kind kind) {
        return switch (kind) {
            case THREADS -> "#fde2e1";
            case QUEUE, POOL, FILESYSTEM -> "#fff1c9";
            case CONSUMER -> "#e4ecfb";
            case SOCKET -> "#e9e3f7";
            case LISTENER -> "#dff3e4";
        };
    }

    static List<String> columnNames() {
        return List.of("waiting threads", "queue / pool", "consumer", "socket", "listener");
    }
}
