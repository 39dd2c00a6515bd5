package io.themisdb.platform.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themisdb.platform.problem.ProblemException;
import io.themisdb.platform.problem.ProblemType;
import org.junit.jupiter.api.Test;

class RevisionsTest {

  @Test
  void ifMatchYieldsTheQuotedRevisionOrNothingForAny() {
    assertThat(Revisions.ifMatch("\"_k1\"")).isEqualTo("_k1");
    assertThat(Revisions.ifMatch("*")).isNull();
    assertThat(Revisions.ifMatch(null)).isNull();
  }

  @Test
  void weakOrSeveralTagsInIfMatchAreRefused() {
    assertThatThrownBy(() -> Revisions.ifMatch("W/\"_k1\""))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.type()).isEqualTo(ProblemType.REVISION_MISMATCH));
    assertThatThrownBy(() -> Revisions.ifMatch("\"a\", \"b\""))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> assertThat(e.type()).isEqualTo(ProblemType.MALFORMED_REQUEST));
  }

  @Test
  void ifNoneMatchHitsAnyListedTagWeakOrStrong() {
    assertThat(Revisions.noneMatchHits("\"a\", W/\"b\"", "b")).isTrue();
    assertThat(Revisions.noneMatchHits("*", "z")).isTrue();
    assertThat(Revisions.noneMatchHits("\"a\"", "b")).isFalse();
    assertThat(Revisions.noneMatchHits(null, "b")).isFalse();
  }
}
