package grafmuvi.api;

/**
 * One movie of the graph.
 *
 * @param index position in the graph (0..n-1, file order)
 * @param imdbId the id the API is addressed by (matched exactly, case-sensitive)
 * @param title the title (matched exactly, case-sensitive)
 * @param year release year
 * @param genre genre (write rule 2), or null when unknown
 * @param creativeType creative type, or null when unknown
 * @param director director, or null when unknown
 */
record Movie(
    int index,
    String imdbId,
    String title,
    int year,
    String genre,
    String creativeType,
    String director) {}
