// `train --events` lines (core/train/train_events.h): what the CLI writes the app reads back
// unchanged; anything else is plain text, never an exception.
#include <gtest/gtest.h>

#include "core/train/train_events.h"

namespace sam3::train {
namespace {

using Type = TrainEvent::Type;

TEST(TrainEvents, StepRoundTrip) {
  TrainProgress p;
  p.step = 17;
  p.total_steps = 400;
  p.epoch = 2;
  p.loss = 3.25;
  p.terms = {{"loss_bbox", 0.5}, {"loss_ce_aux_0", 1.75}};
  p.lr = {{"transformer", 8e-5}, {"vision", 2.5e-5}};
  p.grad_norm = 12.5;
  p.images_per_second = 6.5;
  p.samples_seen = 136;
  p.elapsed_seconds = 20.75;
  p.gpu_memory_bytes = 123456789012;
  p.gpu_peak_bytes = 223456789012;
  const std::string line = step_event(p);
  EXPECT_EQ(line.find('\n'), std::string::npos);  // one line
  const TrainEvent e = parse_train_event(line);
  ASSERT_EQ(e.type, Type::Step);
  EXPECT_EQ(e.step.step, 17);
  EXPECT_EQ(e.step.total_steps, 400);
  EXPECT_EQ(e.step.epoch, 2);
  EXPECT_EQ(e.step.loss, 3.25);
  EXPECT_EQ(e.step.terms, p.terms);
  EXPECT_EQ(e.step.lr, p.lr);
  EXPECT_EQ(e.step.grad_norm, 12.5);
  EXPECT_EQ(e.step.images_per_second, 6.5);
  EXPECT_EQ(e.step.samples_seen, 136);
  EXPECT_EQ(e.step.elapsed_seconds, 20.75);
  EXPECT_EQ(e.step.gpu_memory_bytes, 123456789012);
  EXPECT_EQ(e.step.gpu_peak_bytes, 223456789012);
}

TEST(TrainEvents, ValidationAndMessageRoundTrip) {
  ValidationReport r;
  r.step = 40;
  r.epoch = 3;
  for (int i = 0; i < 12; ++i) {
    r.bbox[static_cast<std::size_t>(i)] = 0.01 * i;
    r.segm[static_cast<std::size_t>(i)] = -1;
  }
  r.best_metric = 0.11;
  r.is_best = true;
  const TrainEvent v = parse_train_event(validation_event(r));
  ASSERT_EQ(v.type, Type::Validation);
  EXPECT_EQ(v.validation.step, 40);
  EXPECT_EQ(v.validation.epoch, 3);
  EXPECT_EQ(v.validation.bbox, r.bbox);
  EXPECT_EQ(v.validation.segm, r.segm);
  EXPECT_EQ(v.validation.best_metric, 0.11);
  EXPECT_TRUE(v.validation.is_best);

  const TrainEvent m = parse_train_event(message_event("checkpoint written: /a \"b\"\n c"));
  ASSERT_EQ(m.type, Type::Message);
  EXPECT_EQ(m.text, "checkpoint written: /a \"b\"\n c");
}

TEST(TrainEvents, ErrorKeepsKindPlaceAndRank) {
  SessionError e{SessionError::Kind::NonFinite, "loss_giou became NaN"};
  e.key = "loss_giou";
  e.step = 77;
  e.line = 4;
  e.path = "/runs/x/config.yaml";
  e.advice = "halve optimizer.lr";
  const TrainEvent a = parse_train_event(error_event(e, 1, false));
  ASSERT_EQ(a.type, Type::Error);
  EXPECT_EQ(a.error.kind, SessionError::Kind::NonFinite);
  EXPECT_EQ(a.error.message, "loss_giou became NaN");
  EXPECT_EQ(a.error.key, "loss_giou");
  EXPECT_EQ(a.error.step, 77);
  EXPECT_EQ(a.error.line, 4);
  EXPECT_EQ(a.error.path, "/runs/x/config.yaml");
  EXPECT_EQ(a.error.advice, "halve optimizer.lr");
  EXPECT_EQ(a.rank, 1);
  EXPECT_FALSE(a.peer_failed);
  const TrainEvent b =
      parse_train_event(error_event({SessionError::Kind::Other, "peer gone"}, 0, true));
  EXPECT_TRUE(b.peer_failed);
  EXPECT_EQ(b.rank, 0);
  for (auto kind :
       {SessionError::Kind::Config, SessionError::Kind::OutOfMemory, SessionError::Kind::Disk,
        SessionError::Kind::Input, SessionError::Kind::Model, SessionError::Kind::Other}) {
    EXPECT_EQ(parse_train_event(error_event({kind, "x"}, -1, false)).error.kind, kind);
    EXPECT_EQ(session_error_kind(to_string(kind)), kind);
  }
  EXPECT_EQ(session_error_kind("no-such-kind"), SessionError::Kind::Other);
}

TEST(TrainEvents, AnythingElseIsPlainText) {
  const std::string full = step_event(TrainProgress{});
  for (const std::string& line :
       {std::string(), std::string("train: rank 0 pid 123"),
        std::string("error: train --gpus 2 failed: rank 1 was killed"), std::string("{"),
        std::string("{\"event\":\"step\"}"),                     // fields missing
        std::string("{\"event\":\"step\",\"step\":\"seven\"}"),  // wrong type
        std::string("{\"event\":7}"), std::string("[1,2]"), std::string("{\"type\":\"step\"}"),
        std::string("{\"event\":\"dance\"}"), full.substr(0, full.size() / 2)}) {
    const TrainEvent e = parse_train_event(line);
    EXPECT_EQ(e.type, Type::Text) << line;
    EXPECT_EQ(e.text, line);
  }
}

}  // namespace
}  // namespace sam3::train
