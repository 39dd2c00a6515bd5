package io.themisdb.engine.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GeoJSON parsing: every type, the sphere's special places, and precise errors. */
class GeoJsonTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  static GeoShape parse(String json) {
    return GeoJson.parse(JSON.readTree(json));
  }

  @Test
  void readsEveryGeometryType() {
    assertThat(parse("[13.4, 52.5]").type()).isEqualTo(GeoShape.Type.POINT);
    assertThat(parse("{\"type\":\"Point\",\"coordinates\":[13.4, 52.5, 34]}").anchorLat())
        .isCloseTo(52.5, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(parse("{\"type\":\"MultiPoint\",\"coordinates\":[[0,0],[1,1]]}").type())
        .isEqualTo(GeoShape.Type.MULTI_POINT);
    assertThat(parse("{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1],[1,1],[2,0]]}").type())
        .isEqualTo(GeoShape.Type.LINE_STRING);
    assertThat(
            parse("{\"type\":\"MultiLineString\",\"coordinates\":[[[0,0],[1,1]],[[5,5],[6,6]]]}")
                .type())
        .isEqualTo(GeoShape.Type.MULTI_LINE_STRING);
    GeoShape holed =
        parse(
            "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[10,0],[10,10],[0,10],[0,0]],"
                + "[[4,4],[6,4],[6,6],[4,6],[4,4]]]}");
    assertThat(holed.contains(parse("[2, 2]"))).isTrue();
    assertThat(holed.contains(parse("[5, 5]"))).isFalse();
    GeoShape multi =
        parse(
            "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1],[0,0]]],"
                + "[[[170,0],[-170,0],[-170,10],[170,0]]]]}");
    assertThat(multi.contains(parse("[179, 1]"))).isTrue();
    assertThat(multi.contains(parse("[0, 50]"))).isFalse();
  }

  @Test
  void ringOrientationDoesNotMatterAndEdgesAreGeodesics() {
    String ccw = "[[[179,-1],[-179,-1],[-179,1],[179,1],[179,-1]]]";
    String cw = "[[[179,-1],[179,1],[-179,1],[-179,-1],[179,-1]]]";
    for (String rings : new String[] {ccw, cw}) {
      GeoShape box = parse("{\"type\":\"Polygon\",\"coordinates\":" + rings + "}");
      assertThat(box.contains(parse("[180, 0]"))).isTrue();
      assertThat(box.contains(parse("[-180, 0.5]"))).isTrue();
      assertThat(box.contains(parse("[0, 0]"))).isFalse();
    }
    // a triangle around the north pole holds the pole; its edges are great circles, not parallels
    GeoShape polar =
        parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,80],[120,80],[-120,80],[0,80]]]}");
    assertThat(polar.contains(parse("[77, 90]"))).isTrue();
    assertThat(polar.contains(parse("[60, 80.5]"))).isFalse();
    // the geodesic from 170°E to 170°W crosses the antimeridian, not Greenwich
    GeoShape line = parse("{\"type\":\"LineString\",\"coordinates\":[[170,0],[-170,0]]}");
    assertThat(line.intersects(parse("[180, 0]"))).isTrue();
    assertThat(line.intersects(parse("[0, 0]"))).isFalse();
    assertThat(parse("[180, 10]").distanceMetres(parse("[-180, 10]"))).isLessThan(1e-6);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "null | got null",
        "'\"x\"' | got a string",
        "[1] | a position is an array [lon, lat]",
        "[1, \"a\"] | position element 1 is a string, not a number",
        "[181, 0] | longitude 181.0 is outside [-180, 180]",
        "[0, -91] | latitude -91.0 is outside [-90, 90]",
        "{\"coordinates\":[0,0]} | needs a string attribute 'type'",
        "{\"type\":\"Point\"} | a GeoJSON Point needs an array 'coordinates'",
        "{\"type\":\"Circle\",\"coordinates\":[]} | unsupported GeoJSON type 'Circle'",
        "{\"type\":\"LineString\",\"coordinates\":[[0,0],[0,0]]} | needs at least two distinct",
        "{\"type\":\"LineString\",\"coordinates\":[[0,0],[180,0]]} | are antipodal",
        "{\"type\":\"MultiPoint\",\"coordinates\":[]} | needs at least one member",
        "{\"type\":\"Polygon\",\"coordinates\":[]} | needs at least an outer ring",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1]]]} | at least four positions",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]} | is not closed",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[2,0],[0,2],[2,2],[0,0]]]} | outer ring is"
            + " invalid",
        "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]],"
            + "[[5,5],[6,5],[6,6],[5,5]]]} | hole 1 is not inside the outer ring",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[2,0],[2,2],[0,0]]],"
            + "[[[1,0.5],[1.5,0.5],[1.5,0.8],[1,0.5]]]]} | polygons 0 and 1 overlap",
        "{\"type\":\"MultiPolygon\",\"coordinates\":[5]} | MultiPolygon polygon 0: expected an"
            + " array of rings",
      })
  void rejectsInvalidValuesSayingWhatIsWrong(String json, String message) {
    JsonNode value = JSON.readTree(json);
    assertThatThrownBy(() -> GeoJson.parse(value))
        .isInstanceOf(InvalidGeoJsonException.class)
        .hasMessageContaining(message);
    assertThat(GeoJson.tryParse(value)).isNull();
  }
}
