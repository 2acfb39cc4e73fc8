package grafmuvi.api;

/**
 * Read-only counters of a running {@link ApiServer}.
 *
 * @param movies movies in the graph
 * @param edges undirected SIMILAR edges in the graph
 * @param requests requests the API handler answered (not counting those shed with 503)
 * @param distinctMoviesServed distinct known movies whose recommendations were asked for
 * @param promotionsAccepted accepted promotions and downgrades
 * @param promotionsRefused posts refused by rule 2 or 3, naming the same movie twice, or an unknown
 *     movie (404)
 * @param overloadRejections requests answered 503 because too many were in flight or queued
 */
public record ApiStats(
    int movies,
    long edges,
    long requests,
    int distinctMoviesServed,
    long promotionsAccepted,
    long promotionsRefused,
    long overloadRejections) {}
