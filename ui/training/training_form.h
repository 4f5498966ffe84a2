#pragma once
// A form over the main keys of a training config (train.*, optimizer and schedule, memory modes,
// precision, validation and checkpoints, device, seed). Every other key keeps its value: the
// form edits a TrainConfig it holds and emits `edited` after each change; setConfig() replaces
// it (e.g. from the YAML view) without emitting. Each field's object name is its dotted key.
#include <QWidget>

#include <functional>
#include <vector>

#include "core/train/train_config.h"

class QFormLayout;
class QLabel;

namespace sam3::ui {

class TrainingForm : public QWidget {
  Q_OBJECT
 public:
  explicit TrainingForm(QWidget* parent = nullptr);
  const sam3::train::TrainConfig& config() const { return m_config; }
  void setConfig(const sam3::train::TrainConfig& config);
  // The field of a dotted key, nullptr when the form has none.
  QWidget* field(const QString& key) const;
  // Marks the field of `key` (a config error's key); empty: clears the mark.
  void markProblem(const QString& key);

 Q_SIGNALS:
  void edited();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  struct Binding {
    QString key;
    const char* label;  // untranslated (context TrainingForm)
    QWidget* widget;
    QLabel* labelWidget;
    std::function<void()> load;  // config -> widget
  };
  void addSection(const char* title);
  void addInt(const char* key, const char* label, int min, int max,
              std::function<int&(sam3::train::TrainConfig&)> ref);
  void addInt64(const char* key, const char* label,
                std::function<std::int64_t&(sam3::train::TrainConfig&)> ref);
  void addReal(const char* key, const char* label,
               std::function<double&(sam3::train::TrainConfig&)> ref);
  void addBool(const char* key, const char* label,
               std::function<bool&(sam3::train::TrainConfig&)> ref);
  void addChoice(const char* key, const char* label, const QStringList& choices, bool editable,
                 std::function<std::string&(sam3::train::TrainConfig&)> ref);
  void addRow(const char* key, const char* label, QWidget* widget, std::function<void()> load);
  void changed();
  void retranslate();

  sam3::train::TrainConfig m_config;
  QFormLayout* m_layout;
  std::vector<Binding> m_bindings;
  std::vector<std::pair<QLabel*, const char*>> m_sections;
  bool m_loading = false;
};

}  // namespace sam3::ui
