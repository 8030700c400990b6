/**
 * Printing the analyses: aligned tables ({@link io.procsnap.replay.render.Table}, one {@code <Report>Renderer}
 * per command) and JSON ({@link io.procsnap.replay.render.Json}, the only class that touches Jackson). Times
 * are UTC; nothing here computes anything.
 */
package io.procsnap.replay.render;
