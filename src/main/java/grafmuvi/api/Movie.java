package grafmuvi.api;

/**
 * One movie of the graph.
 *
 * @param index position in the graph (0..n-1)
 * @param imdbId the id the API is addressed by: a real IMDb id for the seed movies, {@code vdNNNN} otherwise
 * @param title the title as in the data set
 * @param year release year
 * @param releaseEpochDay release date as days since 1970-01-01
 * @param genre major genre, or null when unknown
 * @param creativeType creative type, or null when unknown
 * @param director director, or null when unknown
 * @param imdbRating IMDb rating 0..10, or NaN when unknown
 * @param imdbVotes IMDb votes, 0 when unknown
 */
record Movie(
        int index,
        String imdbId,
        String title,
        int year,
        long releaseEpochDay,
        String genre,
        String creativeType,
        String director,
        double imdbRating,
        long imdbVotes) {

    Movie withIndex(int newIndex) {
        return new Movie(newIndex, imdbId, title, year, releaseEpochDay, genre, creativeType, director, imdbRating, imdbVotes);
    }
}
