package grafmuvi.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Validates a graph and prints it as one JSON document, in file order, for seeding another store
 * (the real upstream's Neo4j) with the same graph the embedded API serves:
 *
 * <pre>
 * java -cp grafmuvi-api.jar grafmuvi.api.GraphExport seed|dataset|PATH
 * {"movies":[{"imdbId":"tt0068646","title":"The godfather","released":1972},...],
 *  "similar":[{"from":"tt0765429","to":"tt0068646","promotions":100},...]}
 * </pre>
 *
 * Exit status 0; 1 with the {@code <file>:<line>: <reason>} lines on stderr when the graph is
 * invalid; 2 on a usage error. Attributes (genre, director, creative-type) are not exported.
 */
public final class GraphExport {

  private GraphExport() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** main without the exit: returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1 || args[0].isEmpty() || args[0].startsWith("-")) {
      err.println("usage: GraphExport seed|dataset|PATH-OF-A-GRAPH-FILE");
      return 2;
    }
    GraphFile graph;
    try {
      graph = GraphFile.load(args[0]);
    } catch (GraphFileException e) {
      e.problems().forEach(err::println);
      err.flush();
      return 1;
    }
    write(graph, out);
    out.println();
    out.flush();
    return out.checkError() ? 1 : 0;
  }

  /** The JSON document of a graph, written to out (not closed). */
  static void write(GraphFile graph, OutputStream out) {
    try (JsonGenerator json = new ObjectMapper().getFactory().createGenerator(out)) {
      json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
      json.writeStartObject();
      json.writeArrayFieldStart("movies");
      for (GraphFile.MovieLine m : graph.movies()) {
        json.writeStartObject();
        json.writeStringField("imdbId", m.imdbId());
        json.writeStringField("title", m.title());
        json.writeNumberField("released", m.released());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("similar");
      for (GraphFile.SimilarLine s : graph.similar()) {
        json.writeStartObject();
        json.writeStringField("from", s.from());
        json.writeStringField("to", s.to());
        json.writeNumberField("promotions", s.promotions());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the graph as JSON", e);
    }
  }

  /** The JSON document as a string (tests). */
  static String json(GraphFile graph) {
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    write(graph, buffer);
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
