#include "core/project/types.h"

#include "core/util/errors.h"

namespace sam3::project {

const char* to_string(PhotoStatus s) {
  switch (s) {
    case PhotoStatus::Unlabeled:
      return "unlabeled";
    case PhotoStatus::InProgress:
      return "in_progress";
    case PhotoStatus::Done:
      return "done";
    case PhotoStatus::Reviewed:
      return "reviewed";
  }
  return "unlabeled";
}

const char* to_string(Split s) {
  switch (s) {
    case Split::None:
      return "none";
    case Split::Train:
      return "train";
    case Split::Valid:
      return "valid";
    case Split::Test:
      return "test";
  }
  return "none";
}

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::None:
      return "none";
    case Verdict::Ok:
      return "ok";
    case Verdict::Defect:
      return "defect";
    case Verdict::Unsure:
      return "unsure";
  }
  return "none";
}

const char* to_string(Source s) {
  switch (s) {
    case Source::Human:
      return "human";
    case Source::Model:
      return "model";
    case Source::Accepted:
      return "accepted";
  }
  return "human";
}

const char* to_string(Decision d) {
  switch (d) {
    case Decision::Accepted:
      return "accepted";
    case Decision::Rejected:
      return "rejected";
    case Decision::Fixed:
      return "fixed";
  }
  return "accepted";
}

Split split_from_string(const std::string& s) {
  for (Split v : {Split::None, Split::Train, Split::Valid, Split::Test})
    if (s == to_string(v)) return v;
  if (s == "val") return Split::Valid;
  throw InvalidInput("unknown split '" + s + "' (expected train, valid, test or none)");
}

PhotoStatus status_from_string(const std::string& s) {
  for (PhotoStatus v :
       {PhotoStatus::Unlabeled, PhotoStatus::InProgress, PhotoStatus::Done, PhotoStatus::Reviewed})
    if (s == to_string(v)) return v;
  throw InvalidInput("unknown photo status '" + s + "'");
}

}  // namespace sam3::project
