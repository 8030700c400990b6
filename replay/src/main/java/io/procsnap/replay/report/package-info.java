/**
 * The HTML report ({@code procsnap-replay report}): one self-contained file built from the same analysis
 * records and rule findings as the CLI commands. {@link io.procsnap.replay.report.ReportData} gathers
 * them, {@link io.procsnap.replay.report.WaitGraph} turns the diagnosed chain into nodes and edges, and
 * {@link io.procsnap.replay.report.HtmlReport} renders; no rule is evaluated here a second time.
 */
package io.procsnap.replay.report;
