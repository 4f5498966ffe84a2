// Mask -> polygon (core/inference/mask_to_polygon.h) on hand-built masks. Exactness is checked by
// rasterising the polygons back at pixel centres (even-odd rule, written here independently).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/inference/mask_to_polygon.h"
#include "core/util/errors.h"

namespace sam3::polygon {
namespace {

struct Mask {
  int w = 0, h = 0;
  std::vector<std::uint8_t> data;
};

// Rows of '#' (foreground) and '.'.
Mask parse(const std::vector<std::string>& rows) {
  Mask m;
  m.h = static_cast<int>(rows.size());
  m.w = rows.empty() ? 0 : static_cast<int>(rows[0].size());
  for (const auto& r : rows)
    for (char c : r) m.data.push_back(c == '#' ? 1 : 0);
  return m;
}

bool inside(const Ring& ring, double x, double y) {  // even-odd crossing test
  bool in = false;
  for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x) in = !in;
  }
  return in;
}

std::vector<std::uint8_t> rasterise(const std::vector<Region>& regions, int w, int h) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(w) * h, 0);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      bool in = false;
      for (const Region& r : regions) {
        bool here = inside(r.outer, x + 0.5, y + 0.5);
        for (const Ring& hole : r.holes) here = here && !inside(hole, x + 0.5, y + 0.5);
        in = in || here;
      }
      out[static_cast<std::size_t>(y) * w + x] = in ? 1 : 0;
    }
  return out;
}

std::vector<Region> exact(const Mask& m) {
  PolygonOptions o;
  o.tolerance = 0;
  return mask_to_polygons(m.w, m.h, m.data, o);
}

TEST(MaskToPolygon, SquareWithAHole) {
  const Mask m = parse({"......",  //
                        ".####.",  //
                        ".#..#.",  //
                        ".#..#.",  //
                        ".####.",  //
                        "......"});
  const auto regions = exact(m);
  ASSERT_EQ(regions.size(), 1u);
  const Region& r = regions[0];
  EXPECT_EQ(r.outer, (Ring{{1, 1}, {5, 1}, {5, 5}, {1, 5}}));  // clockwise on screen
  ASSERT_EQ(r.holes.size(), 1u);
  EXPECT_EQ(r.holes[0].size(), 4u);
  EXPECT_DOUBLE_EQ(signed_area(r.outer), 16.0);
  EXPECT_DOUBLE_EQ(signed_area(r.holes[0]), -4.0);
  EXPECT_EQ(r.pixel_area, 12);
  EXPECT_EQ(rasterise(regions, m.w, m.h), m.data);
  // Filling holes below 5 pixels keeps the outline only.
  PolygonOptions o;
  o.tolerance = 0;
  o.min_hole_area = 5;
  const auto filled = mask_to_polygons(m.w, m.h, m.data, o);
  EXPECT_TRUE(filled[0].holes.empty());
  EXPECT_EQ(filled[0].pixel_area, 16);
}

TEST(MaskToPolygon, TwoIslandsAndMinimumArea) {
  const Mask m = parse({"##.....",  //
                        "##.....",  //
                        ".....##",  //
                        "....###",  //
                        "....###"});
  const auto regions = exact(m);
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_EQ(regions[0].pixel_area, 8);  // largest first
  EXPECT_EQ(regions[1].pixel_area, 4);
  EXPECT_EQ(rasterise(regions, m.w, m.h), m.data);
  PolygonOptions o;
  o.tolerance = 0;
  o.min_area = 5;
  const auto big = mask_to_polygons(m.w, m.h, m.data, o);
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].pixel_area, 8);
}

TEST(MaskToPolygon, DiagonalPixelsAreOneRegionThroughTheCorner) {
  const Mask m = parse({"#...",  //
                        ".#..",  //
                        "..#.",  //
                        "...#"});
  const auto regions = exact(m);
  ASSERT_EQ(regions.size(), 1u);  // 8-connected
  EXPECT_EQ(regions[0].pixel_area, 4);
  EXPECT_TRUE(regions[0].holes.empty());
  EXPECT_DOUBLE_EQ(signed_area(regions[0].outer), 4.0);
  EXPECT_EQ(regions[0].outer.size(), 16u);  // a staircase touching itself at 3 corners
  EXPECT_EQ(rasterise(regions, m.w, m.h), m.data);
}

TEST(MaskToPolygon, DiagonalBackgroundDoesNotSplitTheHole) {
  // The hole touches itself diagonally; background is 4-connected, so it is two holes.
  const Mask m = parse({"#####",  //
                        "#.###",  //
                        "##.##",  //
                        "#####"});
  const auto regions = exact(m);
  ASSERT_EQ(regions.size(), 1u);
  EXPECT_EQ(regions[0].holes.size(), 2u);
  EXPECT_EQ(regions[0].pixel_area, 18);
  EXPECT_EQ(rasterise(regions, m.w, m.h), m.data);
}

TEST(MaskToPolygon, SinglePixelEmptyAndFullMasks) {
  const Mask one = parse({"...", ".#.", "..."});
  const auto r = exact(one);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].outer, (Ring{{1, 1}, {2, 1}, {2, 2}, {1, 2}}));
  // Simplification never collapses a ring below 3 vertices.
  EXPECT_EQ(mask_to_polygons(3, 3, one.data, {.tolerance = 5.0})[0].outer.size(), 4u);
  EXPECT_TRUE(exact(parse({"...", "..."})).empty());
  EXPECT_TRUE(mask_to_polygons(0, 0, {}).empty());
  const auto full = exact(parse({"###", "###"}));
  ASSERT_EQ(full.size(), 1u);
  EXPECT_EQ(full[0].outer, (Ring{{0, 0}, {3, 0}, {3, 2}, {0, 2}}));
}

TEST(MaskToPolygon, ToleranceSimplifiesAStaircaseAndIsReversible) {
  // A 20-pixel-wide triangle: its hypotenuse is a staircase of 1-pixel steps.
  std::vector<std::string> rows;
  for (int y = 0; y < 20; ++y) rows.push_back(std::string(y + 1, '#') + std::string(19 - y, '.'));
  const Mask m = parse(rows);
  const TracedMask traced(m.w, m.h, m.data);
  const auto raw = traced.polygons({.tolerance = 0});
  const auto coarse = traced.polygons({.tolerance = 1.0});
  ASSERT_EQ(raw.size(), 1u);
  ASSERT_EQ(coarse.size(), 1u);
  EXPECT_EQ(raw[0].outer.size(), 42u);  // 19 steps of 2 corners + 4
  EXPECT_LE(coarse[0].outer.size(), 4u);
  EXPECT_GE(coarse[0].outer.size(), 3u);
  // Every simplified vertex is one of the traced corners, and going back to tolerance 0 gives the
  // exact outline again (the traced rings are kept).
  for (const Point& p : coarse[0].outer)
    EXPECT_NE(std::find(raw[0].outer.begin(), raw[0].outer.end(), p), raw[0].outer.end());
  EXPECT_EQ(traced.polygons({.tolerance = 0})[0].outer, raw[0].outer);
  EXPECT_EQ(rasterise(raw, m.w, m.h), m.data);
}

TEST(MaskToPolygon, OutlinesKeptElsewhereTraceTheSamePolygons) {
  // What the project store keeps (regions()) gives back every simplification of the mask.
  const Mask m = parse({"..........", ".######...", ".#..##....", ".######.##", "........##"});
  const TracedMask traced(m.w, m.h, m.data);
  const TracedMask kept = TracedMask::from_regions(m.w, m.h, traced.regions());
  EXPECT_EQ(kept.width(), m.w);
  EXPECT_EQ(kept.height(), m.h);
  for (double t : {0.0, 0.5, 1.0, 3.0})
    for (double area : {0.0, 5.0}) {
      const PolygonOptions o{.tolerance = t, .min_area = area, .min_hole_area = area};
      const auto a = traced.polygons(o), b = kept.polygons(o);
      ASSERT_EQ(a.size(), b.size());
      for (std::size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].outer, b[i].outer);
        EXPECT_EQ(a[i].holes, b[i].holes);
        EXPECT_EQ(a[i].pixel_area, b[i].pixel_area);
      }
    }
  EXPECT_THROW(TracedMask::from_regions(0, 5, traced.regions()), InvalidInput);
  auto broken = traced.regions();
  broken[0].outer.resize(2);
  EXPECT_THROW(TracedMask::from_regions(m.w, m.h, broken), InvalidInput);
}

TEST(MaskToPolygon, RejectsBadInput) {
  const std::vector<std::uint8_t> data(5, 1);
  EXPECT_THROW(mask_to_polygons(2, 2, data), InvalidInput);
  EXPECT_THROW(mask_to_polygons(-1, 2, data), InvalidInput);
  EXPECT_THROW(mask_to_polygons(5, 1, data, {.tolerance = -1}), InvalidInput);
}

}  // namespace
}  // namespace sam3::polygon
