// Hostile weights (issue 11) beyond tests/core/weights: pickles that build reference cycles
// through the memo. The restricted pickle machine refuses a value that contains itself and frees
// cyclic leftovers that are not part of its result (found by fuzz_pickle as a LeakSanitizer
// report: a list appended to itself was never freed). The asan preset's leak checker runs these.
#include <gtest/gtest.h>

#include <string>

#include "core/util/errors.h"
#include "core/weights/restricted_pickle.h"
#include "core/weights/safetensors.h"

namespace {

using namespace std::string_literals;
using sam3::weights::PickleRef;
using sam3::weights::PickleValue;

PickleRef run(const std::string& p) {
  auto loader = [](const sam3::weights::StorageRequest&) -> torch::Tensor {
    throw sam3::FormatError("hostile.pt", "", "no storages here");
  };
  return sam3::weights::load_restricted_pickle("hostile.pt", "archive/data.pkl",
                                               reinterpret_cast<const std::uint8_t*>(p.data()),
                                               p.size(), loader);
}

std::string error_of(const std::string& p) {
  try {
    run(p);
  } catch (const sam3::FormatError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(HostilePickle, AListThatContainsItselfIsRefused) {
  // l = []; l.append(l)   (EMPTY_LIST, BINPUT 0, BINGET 0, APPEND, STOP)
  const std::string e = error_of(
      "\x80\x02]q\x00h\x00"
      "a."s);
  EXPECT_NE(e.find("contains itself"), std::string::npos) << e;
  EXPECT_NE(e.find("hostile.pt"), std::string::npos) << e;
}

TEST(HostilePickle, AnIndirectCycleThroughADictIsRefused) {
  // d = {}; l = [d]; d['k'] = l; result l   -> l -> d -> l
  const std::string p =
      "\x80\x02}q\x00"
      "0"  // d memoized, popped
      "]q\x01h\x00"
      "a"                              // l = [d]
      "h\x00X\x01\x00\x00\x00kh\x01s"  // d['k'] = l (d pushed again)
      "0."s;                           // POP d; l is the result
  const std::string e = error_of(p);
  EXPECT_NE(e.find("contains itself"), std::string::npos) << e;
}

TEST(HostilePickle, CyclicLeftoversOutsideTheResultAreFreed) {
  // A self-containing list is built and popped; the result is the int 7. Under the asan preset a
  // leak here fails the test program at exit.
  const PickleRef v =
      run("\x80\x02]q\x00h\x00"
          "a0K\x07."s);
  ASSERT_EQ(v->kind, PickleValue::Kind::Int);
  EXPECT_EQ(v->integer, 7);
}

TEST(HostilePickle, SharedButAcyclicValuesAreKept) {
  // x = [1]; (x, x): the same list twice is not a cycle.
  const PickleRef v =
      run("\x80\x02]q\x00K\x01"
          "ah\x00\x86."s);
  ASSERT_EQ(v->kind, PickleValue::Kind::Tuple);
  ASSERT_EQ(v->items.size(), 2u);
  EXPECT_EQ(v->items[0], v->items[1]);
  ASSERT_EQ(v->items[0]->items.size(), 1u);
  EXPECT_EQ(v->items[0]->items[0]->integer, 1);
}

TEST(HostileSafetensors, ANumberBeyondDoubleInTheHeaderIsAFormatError) {
  // Found by fuzz_safetensors: nlohmann's out_of_range (406) escaped the header parser.
  const std::string header = R"({"t":{"dtype":"F32","shape":[1],"data_offsets":[0,4e99999999]}})";
  std::string file(8, '\0');
  for (int i = 0; i < 8; ++i) file[i] = static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  file += header + std::string(4, '\0');
  try {
    sam3::weights::parse_safetensors_header("big.safetensors",
                                            reinterpret_cast<const std::uint8_t*>(file.data()),
                                            file.size(), file.size());
    ADD_FAILURE() << "accepted";
  } catch (const sam3::FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("number overflow"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("big.safetensors"), std::string::npos) << e.what();
  }
}

}  // namespace
