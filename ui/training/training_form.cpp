#include "ui/training/training_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleValidator>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>

#include <limits>

namespace sam3::ui {

namespace {

QString trForm(const char* text) {
  return QCoreApplication::translate("TrainingForm", text);
}

QStringList metricChoices() {
  QStringList out;
  for (const char* type : {"bbox", "segm"})
    for (const char* s :
         {"AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"})
      out << QStringLiteral("%1_%2").arg(QLatin1String(type), QLatin1String(s));
  return out;
}

}  // namespace

TrainingForm::TrainingForm(QWidget* parent) : QWidget(parent), m_layout(new QFormLayout(this)) {
  using C = train::TrainConfig;
  m_layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  m_layout->setContentsMargins(0, 0, 0, 0);
  addSection(QT_TRANSLATE_NOOP("TrainingForm", "Schedule"));
  addInt("train.epochs", QT_TRANSLATE_NOOP("TrainingForm", "Epochs"), 1, 100000,
         [](C& c) -> int& { return c.train.epochs; });
  addInt64("train.max_steps", QT_TRANSLATE_NOOP("TrainingForm", "Stop after steps (0 = all)"),
           [](C& c) -> std::int64_t& { return c.train.max_steps; });
  addInt("train.batch_size", QT_TRANSLATE_NOOP("TrainingForm", "Photos per step"), 1, 1024,
         [](C& c) -> int& { return c.train.batch_size; });
  addInt("train.grad_accumulation", QT_TRANSLATE_NOOP("TrainingForm", "Gradient accumulation"), 1,
         1024, [](C& c) -> int& { return c.train.grad_accumulation; });
  addReal("optimizer.lr", QT_TRANSLATE_NOOP("TrainingForm", "Learning rate"),
          [](C& c) -> double& { return c.optimizer.lr; });
  addReal("optimizer.vision_lr", QT_TRANSLATE_NOOP("TrainingForm", "Image encoder rate"),
          [](C& c) -> double& { return c.optimizer.vision_lr; });
  addReal("optimizer.text_lr", QT_TRANSLATE_NOOP("TrainingForm", "Text encoder rate"),
          [](C& c) -> double& { return c.optimizer.text_lr; });
  addChoice("schedule.type", QT_TRANSLATE_NOOP("TrainingForm", "Rate schedule"),
            {QStringLiteral("inverse_sqrt"), QStringLiteral("cosine")}, false,
            [](C& c) -> std::string& { return c.schedule.type; });
  addInt("schedule.warmup_steps", QT_TRANSLATE_NOOP("TrainingForm", "Warm-up steps"), 0, 1000000,
         [](C& c) -> int& { return c.schedule.warmup_steps; });

  addSection(QT_TRANSLATE_NOOP("TrainingForm", "Memory"));
  addChoice("device", QT_TRANSLATE_NOOP("TrainingForm", "Device"),
            {QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda"),
             QStringLiteral("cuda:1")},
            true, [](C& c) -> std::string& { return c.device; });
  addChoice("precision.amp", QT_TRANSLATE_NOOP("TrainingForm", "Mixed precision"),
            {QStringLiteral("auto"), QStringLiteral("bf16"), QStringLiteral("fp16"),
             QStringLiteral("off")},
            false, [](C& c) -> std::string& { return c.precision.amp; });
  addBool("precision.activation_checkpointing",
          QT_TRANSLATE_NOOP("TrainingForm", "Activation checkpointing"),
          [](C& c) -> bool& { return c.precision.activation_checkpointing; });
  addBool("memory.freeze_text", QT_TRANSLATE_NOOP("TrainingForm", "Freeze the text tower"),
          [](C& c) -> bool& { return c.memory.freeze_text; });
  addBool("memory.freeze_vision_trunk",
          QT_TRANSLATE_NOOP("TrainingForm", "Freeze the image encoder"),
          [](C& c) -> bool& { return c.memory.freeze_vision_trunk; });
  addInt("memory.train_last_vision_blocks",
         QT_TRANSLATE_NOOP("TrainingForm", "…but train its last blocks"), 0, 1000,
         [](C& c) -> int& { return c.memory.train_last_vision_blocks; });
  addBool("memory.lora.enabled", QT_TRANSLATE_NOOP("TrainingForm", "LoRA adapters"),
          [](C& c) -> bool& { return c.memory.lora.enabled; });
  addInt("memory.lora.rank", QT_TRANSLATE_NOOP("TrainingForm", "LoRA rank"), 1, 1024,
         [](C& c) -> int& { return c.memory.lora.rank; });

  addSection(QT_TRANSLATE_NOOP("TrainingForm", "Data and loss"));
  addInt("data.resolution", QT_TRANSLATE_NOOP("TrainingForm", "Input side (0 = model's)"), 0, 4096,
         [](C& c) -> int& { return c.data.resolution; });
  addReal("data.augmentation.hflip", QT_TRANSLATE_NOOP("TrainingForm", "Horizontal flip chance"),
          [](C& c) -> double& { return c.data.augmentation.hflip; });
  addBool("loss.mask_loss", QT_TRANSLATE_NOOP("TrainingForm", "Train the masks"),
          [](C& c) -> bool& { return c.loss.mask_loss; });

  addSection(QT_TRANSLATE_NOOP("TrainingForm", "Validation and checkpoints"));
  addInt("validation.every_epochs", QT_TRANSLATE_NOOP("TrainingForm", "Validate every epochs"), 0,
         100000, [](C& c) -> int& { return c.validation.every_epochs; });
  addChoice("validation.best_metric", QT_TRANSLATE_NOOP("TrainingForm", "Best by"), metricChoices(),
            false, [](C& c) -> std::string& { return c.validation.best_metric; });
  addInt("checkpoint.every_epochs", QT_TRANSLATE_NOOP("TrainingForm", "Checkpoint every epochs"), 0,
         100000, [](C& c) -> int& { return c.checkpoint.every_epochs; });
  addInt("checkpoint.keep_last", QT_TRANSLATE_NOOP("TrainingForm", "Keep last checkpoints"), 1,
         1000, [](C& c) -> int& { return c.checkpoint.keep_last; });
  retranslate();
}

void TrainingForm::addSection(const char* title) {
  auto* label = new QLabel(this);
  QFont f = label->font();
  f.setBold(true);
  label->setFont(f);
  m_layout->addRow(label);
  m_sections.emplace_back(label, title);
}

void TrainingForm::addRow(const char* key, const char* label, QWidget* widget,
                          std::function<void()> load) {
  widget->setObjectName(QString::fromLatin1(key));
  auto* labelWidget = new QLabel(this);
  labelWidget->setBuddy(widget);
  m_layout->addRow(labelWidget, widget);
  m_bindings.push_back({QString::fromLatin1(key), label, widget, labelWidget, std::move(load)});
  m_bindings.back().load();
}

void TrainingForm::addInt(const char* key, const char* label, int min, int max,
                          std::function<int&(train::TrainConfig&)> ref) {
  auto* box = new QSpinBox(this);
  box->setRange(min, max);
  connect(box, &QSpinBox::valueChanged, this, [this, box, ref](int v) {
    if (m_loading) return;
    ref(m_config) = v;
    changed();
  });
  addRow(key, label, box, [this, box, ref] { box->setValue(ref(m_config)); });
}

void TrainingForm::addInt64(const char* key, const char* label,
                            std::function<std::int64_t&(train::TrainConfig&)> ref) {
  auto* box = new QSpinBox(this);
  box->setRange(0, std::numeric_limits<int>::max());
  connect(box, &QSpinBox::valueChanged, this, [this, ref](int v) {
    if (m_loading) return;
    ref(m_config) = v;
    changed();
  });
  addRow(key, label, box, [this, box, ref] { box->setValue(static_cast<int>(ref(m_config))); });
}

void TrainingForm::addReal(const char* key, const char* label,
                           std::function<double&(train::TrainConfig&)> ref) {
  auto* edit = new QLineEdit(this);
  auto* validator = new QDoubleValidator(0.0, 1e9, 12, edit);
  validator->setNotation(QDoubleValidator::ScientificNotation);
  validator->setLocale(QLocale::c());
  edit->setValidator(validator);
  connect(edit, &QLineEdit::editingFinished, this, [this, edit, ref] {
    if (m_loading) return;
    bool ok = false;
    const double v = edit->text().toDouble(&ok);
    if (!ok || v == ref(m_config)) return;
    ref(m_config) = v;
    changed();
  });
  addRow(key, label, edit,
         [this, edit, ref] { edit->setText(QString::number(ref(m_config), 'g', 6)); });
}

void TrainingForm::addBool(const char* key, const char* label,
                           std::function<bool&(train::TrainConfig&)> ref) {
  auto* box = new QCheckBox(this);
  connect(box, &QCheckBox::toggled, this, [this, ref](bool v) {
    if (m_loading) return;
    ref(m_config) = v;
    changed();
  });
  addRow(key, label, box, [this, box, ref] { box->setChecked(ref(m_config)); });
}

void TrainingForm::addChoice(const char* key, const char* label, const QStringList& choices,
                             bool editable, std::function<std::string&(train::TrainConfig&)> ref) {
  auto* box = new QComboBox(this);
  box->addItems(choices);
  box->setEditable(editable);
  connect(box, &QComboBox::currentTextChanged, this, [this, ref](const QString& v) {
    if (m_loading || v.isEmpty()) return;
    ref(m_config) = v.toStdString();
    changed();
  });
  addRow(key, label, box,
         [this, box, ref] { box->setCurrentText(QString::fromStdString(ref(m_config))); });
}

void TrainingForm::changed() {
  Q_EMIT edited();
}

void TrainingForm::setConfig(const train::TrainConfig& config) {
  m_config = config;
  m_loading = true;
  for (auto& b : m_bindings) b.load();
  m_loading = false;
}

QWidget* TrainingForm::field(const QString& key) const {
  for (const auto& b : m_bindings)
    if (b.key == key) return b.widget;
  return nullptr;
}

void TrainingForm::markProblem(const QString& key) {
  for (const auto& b : m_bindings) {
    const bool bad = !key.isEmpty() && b.key == key;
    b.widget->setStyleSheet(bad ? QStringLiteral("background: #ffd7d7;") : QString());
    b.widget->setToolTip(bad ? tr("The config check names this key: see the message under the "
                                  "YAML")
                             : QString());
  }
}

void TrainingForm::retranslate() {
  for (auto& [label, text] : m_sections) label->setText(trForm(text));
  for (auto& b : m_bindings) {
    b.labelWidget->setText(trForm(b.label));
    b.labelWidget->setToolTip(b.key);  // the YAML key this field edits
  }
}

void TrainingForm::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

}  // namespace sam3::ui
