/**
 * The sample generator: realistic Zeek and sshd syslog data with the answer every analytic must
 * give on it, so that the pipelines can be tested end to end at any size, in batch and streaming.
 *
 * <p>Entry point: {@link io.zeekbeam.pipelines.generate.SampleGenerator#run} with a {@link
 * io.zeekbeam.pipelines.generate.GeneratorConfig}. Output:
 *
 * <pre>
 * DIR/logs/            conn, dns, http, ssl, x509 logs (Zeek TSV or JSON, maybe gzip, maybe hourly
 *                      archives such as conn.00:00:00-01:00:00.log.gz) and auth.log (sshd syslog)
 * DIR/watchlist.csv    id,dateadded,domain,source
 * DIR/expected/        &lt;analytic&gt;.jsonl (sorted JSON lines, columns as in ANALYTICS.md) and
 *                      summary.json (lines, records and broken lines per input; rows per answer)
 * </pre>
 *
 * <p>How it works: {@link io.zeekbeam.pipelines.generate.PlantedCases} and {@link
 * io.zeekbeam.pipelines.generate.Background} produce {@link
 * io.zeekbeam.pipelines.generate.Scenario}s in order of their start; each record goes to a {@link
 * io.zeekbeam.pipelines.generate.LogFileWriter}, which writes it when its producer would (conn
 * records when the connection ends), and to {@link io.zeekbeam.pipelines.generate.Expectations},
 * which computes the answers from the records by the analytics' definitions with bounded state.
 */
package io.zeekbeam.pipelines.generate;
