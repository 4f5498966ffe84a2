// Smart polygon outlines in the project store (Project::set_smart_outline): round trip, one per
// photo, tolerances appended once, bad input refused with the place named, removed with the
// photo, and a schema 1 project migrated with its data kept.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/project/project.h"
#include "core/project/sqlite_db.h"
#include "core/util/errors.h"
#include "tests/core/project/test_util.h"

namespace sam3::project {
namespace {

using testing::ScratchDir;

std::int64_t add_photo(Project& p, char hash) {
  Photo ph;
  ph.original_name = std::string(1, hash) + ".jpg";
  ph.stored_name = ph.original_name;
  ph.sha256 = std::string(64, hash);
  ph.byte_size = 10;
  ph.width = 320;
  ph.height = 240;
  ph.format = "jpeg";
  return p.add_photo(ph);
}

SmartOutline outline(std::int64_t photo) {
  SmartOutline o;
  o.photo_id = photo;
  o.width = 320;
  o.height = 240;
  // A square with a square hole (vertices on pixel corners), and a small island.
  o.regions.push_back(
      {{{{10, 10}, {40, 10}, {40, 40}, {10, 40}}, {{20, 20}, {20, 25}, {25, 25}}}, 875});
  o.regions.push_back({{{{100, 5}, {104, 5}, {104, 9}, {100, 9}}}, 16});
  o.tolerances = {1.0};
  return o;
}

TEST(SmartOutline, RoundTripsAndReplacesPerPhoto) {
  ScratchDir tmp;
  std::int64_t photo = 0;
  {
    Project p = Project::create(tmp / "proj");
    photo = add_photo(p, 'a');
    EXPECT_FALSE(p.smart_outline(photo).has_value());
    p.set_smart_outline(outline(photo));
  }
  Project p = Project::open(tmp / "proj");
  ASSERT_TRUE(p.smart_outline(photo).has_value());
  EXPECT_EQ(*p.smart_outline(photo), outline(photo));
  // A later smart polygon on the photo replaces the outline (fewer regions: none left over).
  SmartOutline second = outline(photo);
  second.regions.pop_back();
  second.tolerances = {2.5};
  p.set_smart_outline(second);
  EXPECT_EQ(*p.smart_outline(photo), second);
}

TEST(SmartOutline, TolerancesAreAppendedOnceInOrder) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  const auto photo = add_photo(p, 'a');
  const auto other = add_photo(p, 'b');
  p.set_smart_outline(outline(photo));
  EXPECT_TRUE(p.add_smart_tolerance(photo, 0.0));
  EXPECT_TRUE(p.add_smart_tolerance(photo, 4.5));
  EXPECT_TRUE(p.add_smart_tolerance(photo, 1.0));  // already there
  EXPECT_EQ(p.smart_outline(photo)->tolerances, (std::vector<double>{1.0, 0.0, 4.5}));
  EXPECT_FALSE(p.add_smart_tolerance(other, 1.0));  // no outline on that photo
  EXPECT_THROW(p.add_smart_tolerance(photo, -1), InvalidInput);
  EXPECT_THROW(p.add_smart_tolerance(photo, std::numeric_limits<double>::quiet_NaN()),
               InvalidInput);
  EXPECT_EQ(p.smart_outline(photo)->tolerances.size(), 3u);
}

TEST(SmartOutline, BadInputIsRefusedNamingThePhotoAndKeepsTheSavedOne) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  const auto photo = add_photo(p, 'a');
  p.set_smart_outline(outline(photo));
  auto refused = [&](SmartOutline o, const std::string& says) {
    try {
      p.set_smart_outline(o);
      ADD_FAILURE() << "accepted: " << says;
    } catch (const InvalidInput& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("photo " + std::to_string(o.photo_id)), std::string::npos) << what;
      EXPECT_NE(what.find(says), std::string::npos) << what;
    }
  };
  SmartOutline o = outline(photo);
  o.width = 0;
  refused(o, "not positive");
  o = outline(photo);
  o.regions[1].rings.clear();
  refused(o, "region 1 has no outer ring");
  o = outline(photo);
  o.regions[0].rings[0].resize(2);
  refused(o, "region 0 has no outer ring");
  o = outline(photo);
  o.tolerances = {-2};
  refused(o, "tolerance");
  refused(outline(photo + 100), "no such photo");
  EXPECT_EQ(*p.smart_outline(photo), outline(photo));  // the saved one is intact
}

TEST(SmartOutline, GoesWithItsPhotoAndCorruptRowsAreNamed) {
  ScratchDir tmp;
  Project p = Project::create(tmp / "proj");
  const auto photo = add_photo(p, 'a');
  const auto kept = add_photo(p, 'b');
  p.set_smart_outline(outline(photo));
  p.set_smart_outline(outline(kept));
  p.remove_photo(photo);
  EXPECT_FALSE(p.smart_outline(photo).has_value());
  Statement rows(p.db(), "SELECT COUNT(*) FROM smart_outline_regions WHERE photo_id = ?");
  rows.bind(1, photo);
  ASSERT_TRUE(rows.step());
  EXPECT_EQ(rows.int64(0), 0);
  p.db().exec("UPDATE smart_outlines SET tolerances = '{oops' WHERE photo_id = " +
              std::to_string(kept));
  try {
    (void)p.smart_outline(kept);
    ADD_FAILURE() << "a corrupt row was read";
  } catch (const FormatError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("project.db"), std::string::npos) << what;
    EXPECT_NE(what.find("photo " + std::to_string(kept)), std::string::npos) << what;
  }
}

TEST(SmartOutline, SchemaOneProjectIsMigratedWithItsData) {
  ScratchDir tmp;
  std::int64_t photo = 0;
  {
    Project p = Project::create(tmp / "proj");
    photo = add_photo(p, 'a');
    p.add_class({0, "fuse", "#ff0000", ""});
    // As a project written by the previous version: schema 1, no outline tables.
    p.db().exec(
        "DROP TABLE smart_outline_regions; DROP TABLE smart_outlines; PRAGMA user_version = 1");
  }
  Project p = Project::open(tmp / "proj");
  EXPECT_EQ(p.schema_version(), 2);
  EXPECT_EQ(p.photos().size(), 1u);
  EXPECT_EQ(p.classes().size(), 1u);
  EXPECT_FALSE(p.smart_outline(photo).has_value());
  p.set_smart_outline(outline(photo));
  EXPECT_EQ(*p.smart_outline(photo), outline(photo));
}

}  // namespace
}  // namespace sam3::project
