#include "core/train/train_events.h"

#include <nlohmann/json.hpp>

namespace sam3::train {

namespace {

using Json = nlohmann::json;

constexpr std::pair<SessionError::Kind, const char*> kKinds[] = {
    {SessionError::Kind::None, "none"},
    {SessionError::Kind::Config, "config"},
    {SessionError::Kind::OutOfMemory, "out_of_memory"},
    {SessionError::Kind::NonFinite, "non_finite"},
    {SessionError::Kind::Disk, "disk"},
    {SessionError::Kind::Input, "input"},
    {SessionError::Kind::Model, "model"},
    {SessionError::Kind::Other, "other"},
};

std::string line(Json j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

const char* to_string(SessionError::Kind kind) {
  for (const auto& [k, name] : kKinds)
    if (k == kind) return name;
  return "other";
}

SessionError::Kind session_error_kind(const std::string& name) {
  for (const auto& [k, n] : kKinds)
    if (name == n) return k;
  return SessionError::Kind::Other;
}

std::string step_event(const TrainProgress& p) {
  return line({{"event", "step"},
               {"step", p.step},
               {"total_steps", p.total_steps},
               {"epoch", p.epoch},
               {"loss", p.loss},
               {"terms", p.terms},
               {"lr", p.lr},
               {"grad_norm", p.grad_norm},
               {"images_per_second", p.images_per_second},
               {"samples_seen", p.samples_seen},
               {"elapsed_seconds", p.elapsed_seconds},
               {"gpu_memory_bytes", p.gpu_memory_bytes},
               {"gpu_peak_bytes", p.gpu_peak_bytes}});
}

std::string validation_event(const ValidationReport& r) {
  return line({{"event", "validation"},
               {"step", r.step},
               {"epoch", r.epoch},
               {"bbox", r.bbox},
               {"segm", r.segm},
               {"best_metric", r.best_metric},
               {"is_best", r.is_best}});
}

std::string message_event(const std::string& text) {
  return line({{"event", "message"}, {"text", text}});
}

std::string error_event(const SessionError& e, int rank, bool peer_failed) {
  return line({{"event", "error"},
               {"rank", rank},
               {"peer_failed", peer_failed},
               {"kind", to_string(e.kind)},
               {"message", e.message},
               {"advice", e.advice},
               {"key", e.key},
               {"line", e.line},
               {"path", e.path.string()},
               {"step", e.step}});
}

TrainEvent parse_train_event(const std::string& text) {
  TrainEvent out;
  out.text = text;
  if (text.empty() || text.front() != '{') return out;
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("event") || !j["event"].is_string())
    return out;
  try {
    const std::string event = j["event"].get<std::string>();
    if (event == "step") {
      TrainProgress& p = out.step;
      p.step = j.at("step").get<std::int64_t>();
      p.total_steps = j.at("total_steps").get<std::int64_t>();
      p.epoch = j.at("epoch").get<std::int64_t>();
      p.loss = j.at("loss").get<double>();
      p.terms = j.at("terms").get<std::map<std::string, double>>();
      p.lr = j.at("lr").get<std::map<std::string, double>>();
      p.grad_norm = j.at("grad_norm").get<double>();
      p.images_per_second = j.at("images_per_second").get<double>();
      p.samples_seen = j.at("samples_seen").get<std::int64_t>();
      p.elapsed_seconds = j.at("elapsed_seconds").get<double>();
      p.gpu_memory_bytes = j.at("gpu_memory_bytes").get<std::int64_t>();
      p.gpu_peak_bytes = j.at("gpu_peak_bytes").get<std::int64_t>();
      out.type = TrainEvent::Type::Step;
    } else if (event == "validation") {
      ValidationReport& r = out.validation;
      r.step = j.at("step").get<std::int64_t>();
      r.epoch = j.at("epoch").get<std::int64_t>();
      r.bbox = j.at("bbox").get<std::array<double, 12>>();
      r.segm = j.at("segm").get<std::array<double, 12>>();
      r.best_metric = j.at("best_metric").get<double>();
      r.is_best = j.at("is_best").get<bool>();
      out.type = TrainEvent::Type::Validation;
    } else if (event == "message") {
      out.text = j.at("text").get<std::string>();
      out.type = TrainEvent::Type::Message;
    } else if (event == "error") {
      SessionError& e = out.error;
      e.kind = session_error_kind(j.at("kind").get<std::string>());
      e.message = j.at("message").get<std::string>();
      e.advice = j.value("advice", std::string());
      e.key = j.value("key", std::string());
      e.line = j.value("line", 0);
      e.path = j.value("path", std::string());
      e.step = j.value("step", std::int64_t{-1});
      out.rank = j.value("rank", -1);
      out.peer_failed = j.value("peer_failed", false);
      out.text = e.message;
      out.type = TrainEvent::Type::Error;
    }
  } catch (const Json::exception&) {
    out = TrainEvent{};  // a line of another shape: plain text
    out.text = text;
  }
  return out;
}

}  // namespace sam3::train
