package grafmuvi.api;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule 2 of the write endpoints: the genres of two movies must be compatible, i.e. equal, directly
 * connected, or connected through one shared neighbour (distance at most 2), in this small graph of
 * vega's major genres (upstream used a similar graph of IMDb genres):
 *
 * <pre>
 * Action            – Adventure, Thriller/Suspense, Western
 * Adventure         – Action, Western, Comedy
 * Comedy            – Adventure, Romantic Comedy, Black Comedy, Musical
 * Black Comedy      – Comedy, Drama
 * Romantic Comedy   – Comedy, Drama, Musical
 * Drama             – Black Comedy, Romantic Comedy, Thriller/Suspense, Western, Documentary
 * Thriller/Suspense – Action, Drama, Horror
 * Horror            – Thriller/Suspense
 * Western           – Action, Adventure, Drama
 * Musical           – Comedy, Romantic Comedy, Concert/Performance
 * Concert/Performance – Musical, Documentary
 * Documentary       – Drama, Concert/Performance
 * </pre>
 *
 * A movie whose genre is unknown (null, or not in the graph) is compatible with every movie: there
 * is nothing to refuse it on.
 */
final class GenreGraph {

  private static final Map<String, List<String>> LINKS =
      Map.ofEntries(
          Map.entry("Action", List.of("Adventure", "Thriller/Suspense", "Western")),
          Map.entry("Adventure", List.of("Action", "Western", "Comedy")),
          Map.entry("Comedy", List.of("Adventure", "Romantic Comedy", "Black Comedy", "Musical")),
          Map.entry("Black Comedy", List.of("Comedy", "Drama")),
          Map.entry("Romantic Comedy", List.of("Comedy", "Drama", "Musical")),
          Map.entry(
              "Drama",
              List.of(
                  "Black Comedy",
                  "Romantic Comedy",
                  "Thriller/Suspense",
                  "Western",
                  "Documentary")),
          Map.entry("Thriller/Suspense", List.of("Action", "Drama", "Horror")),
          Map.entry("Horror", List.of("Thriller/Suspense")),
          Map.entry("Western", List.of("Action", "Adventure", "Drama")),
          Map.entry("Musical", List.of("Comedy", "Romantic Comedy", "Concert/Performance")),
          Map.entry("Concert/Performance", List.of("Musical", "Documentary")),
          Map.entry("Documentary", List.of("Drama", "Concert/Performance")));

  private GenreGraph() {}

  static boolean compatible(String genre1, String genre2) {
    List<String> n1 = genre1 == null ? null : LINKS.get(genre1);
    List<String> n2 = genre2 == null ? null : LINKS.get(genre2);
    if (n1 == null || n2 == null || genre1.equals(genre2) || n1.contains(genre2)) {
      return true;
    }
    Set<String> shared = Set.copyOf(n1);
    return n2.stream().anyMatch(shared::contains);
  }
}
