package grafmuvi.loadtest.journeys;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitchOrElse;

import grafmuvi.loadtest.endpoints.GrafMuviRequests;
import grafmuvi.loadtest.live.Feed;
import grafmuvi.loadtest.settings.Mix;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.FeederBuilder;
import java.util.ArrayList;
import java.util.List;

/** What a GrafMuvi user does, one request at a time, and how often (grafmuvi.mix). */
public final class UserJourneys {

  private record Weighted(int weight, ChainBuilder chain) {}

  private final ChainBuilder checkStatus;
  private final ChainBuilder findSimilarById;
  private final ChainBuilder findSimilarByTitle;
  private final ChainBuilder promoteSimilarity;

  /** Each request is followed by handing its figures to the recorder (feed). */
  public UserJourneys(GrafMuviRequests requests, FeederBuilder<Object> movies, Feed recorder) {
    this.checkStatus = exec(requests.status()).exec(recorder.after(GrafMuviRequests.STATUS));
    this.findSimilarById =
        feed(movies)
            .exec(requests.similarById())
            .exec(recorder.after(GrafMuviRequests.SIMILAR_BY_ID));
    this.findSimilarByTitle =
        feed(movies)
            .exec(requests.similarByTitle())
            .exec(recorder.after(GrafMuviRequests.SIMILAR_BY_TITLE));
    this.promoteSimilarity =
        feed(movies, 2).exec(requests.promote()).exec(recorder.after(GrafMuviRequests.PROMOTE));
  }

  /** One request chain picked at random with the mix's weights (a weight of 0 leaves it out). */
  public ChainBuilder oneRequest(Mix mix) {
    List<Weighted> chains =
        new ArrayList<>(
            List.of(
                new Weighted(mix.status(), checkStatus),
                new Weighted(mix.similarById(), findSimilarById),
                new Weighted(mix.similarByTitle(), findSimilarByTitle),
                new Weighted(mix.promote(), promoteSimilarity)));
    chains.removeIf(w -> w.weight() == 0);
    double total = chains.stream().mapToInt(Weighted::weight).sum();
    List<Choice.WithWeight> choices = new ArrayList<>();
    for (Weighted w : chains.subList(0, chains.size() - 1)) {
      choices.add(percent(100.0 * w.weight() / total).then(w.chain()));
    }
    ChainBuilder last = chains.get(chains.size() - 1).chain();
    return choices.isEmpty() ? last : randomSwitchOrElse().on(choices).orElse(last);
  }
}
