#include "ui/photo_browser.h"

#include <algorithm>

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include "core/project/types.h"
#include "ui/photo_list_model.h"
#include "ui/project_document.h"

namespace sam3::ui {
namespace {

// Draws the standard row, then the status and split badges at its right edge.
class BadgeDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    // The name on the first line; the badges take the lines below it at the right.
    QStyleOptionViewItem top = option;
    top.displayAlignment = Qt::AlignLeft | Qt::AlignTop;
    QStyledItemDelegate::paint(painter, top, index);
    const int status = index.data(PhotoListModel::StatusRole).toInt();
    const int split = index.data(PhotoListModel::SplitRole).toInt();
    static const QColor statusColours[] = {QColor(0x80, 0x80, 0x80), QColor(0xd9, 0x8c, 0x1f),
                                           QColor(0x2e, 0x9d, 0x4a), QColor(0x2f, 0x6f, 0xd6)};
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.8);
    painter->setFont(font);
    const QFontMetrics fm(font);
    int right = option.rect.right() - 4;
    auto badge = [&](const QString& text, const QColor& colour) {
      if (text.isEmpty()) return;
      const int w = fm.horizontalAdvance(text) + 10;
      const QRect r(right - w, option.rect.bottom() - fm.height() - 6, w, fm.height() + 2);
      painter->setPen(Qt::NoPen);
      painter->setBrush(colour);
      painter->drawRoundedRect(r, 4, 4);
      painter->setPen(Qt::white);
      painter->drawText(r, Qt::AlignCenter, text);
      right = r.left() - 4;
    };
    const int verdict = index.data(PhotoListModel::VerdictRole).toInt();
    static const QColor verdictColours[] = {QColor(), QColor(0x2e, 0x9d, 0x4a),
                                            QColor(0xc6, 0x28, 0x28), QColor(0xd9, 0x8c, 0x1f)};
    badge(PhotoListModel::splitText(split), QColor(0x55, 0x55, 0x99));
    badge(PhotoListModel::statusText(status), statusColours[std::clamp(status, 0, 3)]);
    // The second line: what the inspector decided about the photo.
    right = option.rect.right() - 4;
    const int line = fm.height() + 4;
    auto upper = [&](const QString& text, const QColor& colour) {
      if (text.isEmpty()) return;
      const int w = fm.horizontalAdvance(text) + 10;
      const QRect r(right - w, option.rect.bottom() - fm.height() - 6 - line, w, fm.height() + 2);
      painter->setPen(Qt::NoPen);
      painter->setBrush(colour);
      painter->drawRoundedRect(r, 4, 4);
      painter->setPen(Qt::white);
      painter->drawText(r, Qt::AlignCenter, text);
      right = r.left() - 4;
    };
    upper(PhotoListModel::verdictText(verdict), verdictColours[std::clamp(verdict, 0, 3)]);
    if (index.data(PhotoListModel::NegativeRole).toBool())
      upper(PhotoListModel::tr("negative"), QColor(0x60, 0x60, 0x60));
    painter->restore();
  }
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), PhotoListModel::kThumbnailSide * 3 / 4 + 8));
    // Narrow: rows take the list's width and long names are elided, so the badges at the right
    // edge stay in view (a wide hint would make the list scroll sideways instead).
    s.setWidth(PhotoListModel::kThumbnailSide + 120);
    return s;
  }
};

}  // namespace

PhotoBrowser::PhotoBrowser(QWidget* parent)
    : QWidget(parent),
      m_model(new PhotoListModel(this)),
      m_filter(new PhotoFilterModel(this)),
      m_search(new QLineEdit(this)),
      m_category(new QComboBox(this)),
      m_class(new QComboBox(this)),
      m_count(new QLabel(this)),
      m_list(new QListView(this)) {
  setObjectName(QStringLiteral("photoBrowser"));
  m_filter->setSourceModel(m_model);
  m_filter->sort(0);  // by name, numbers by value
  m_search->setObjectName(QStringLiteral("photoSearch"));
  m_search->setClearButtonEnabled(true);
  m_category->setObjectName(QStringLiteral("photoCategory"));
  m_class->setObjectName(QStringLiteral("photoClass"));
  m_class->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_category->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  m_count->setObjectName(QStringLiteral("photoCount"));
  m_list->setObjectName(QStringLiteral("photoList"));
  m_list->setModel(m_filter);
  m_list->setUniformItemSizes(true);  // 10,000 rows lay out without measuring each
  m_list->setIconSize(
      QSize(PhotoListModel::kThumbnailSide, PhotoListModel::kThumbnailSide * 3 / 4));
  m_list->setItemDelegate(new BadgeDelegate(m_list));
  // Several photos may be selected (Ctrl/Shift+click) for pre-labelling; the current one is shown.
  m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
  m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_list->setTextElideMode(Qt::ElideMiddle);
  m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_search);
  auto* filters = new QHBoxLayout;
  filters->addWidget(m_category, 1);
  filters->addWidget(m_class, 1);
  layout->addLayout(filters);
  layout->addWidget(m_count);
  layout->addWidget(m_list, 1);

  connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
    m_filter->setPinnedPhoto(0);
    m_filter->setText(text);
    filterChanged();
  });
  connect(m_category, &QComboBox::currentIndexChanged, this, [this](int i) {
    m_filter->setPinnedPhoto(0);
    m_filter->setCategory(static_cast<PhotoFilterModel::Category>(i));
    filterChanged();
  });
  connect(m_class, &QComboBox::currentIndexChanged, this, [this] {
    m_filterClass = m_class->currentData().toLongLong();
    m_filter->setPinnedPhoto(0);
    applyClassFilter();
    filterChanged();
  });
  connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) {
            const qint64 id =
                current.isValid() ? current.data(PhotoListModel::PhotoIdRole).toLongLong() : 0;
            m_filter->setPinnedPhoto(id);
            Q_EMIT currentPhotoChanged(id);
          });
  for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
    connect(m_filter, signal, this, &PhotoBrowser::updateCount);
  connect(m_filter, &QAbstractItemModel::modelReset, this, &PhotoBrowser::updateCount);
  connect(m_filter, &QAbstractItemModel::layoutChanged, this, &PhotoBrowser::updateCount);

  buildActions();
  rebuildClasses();
  retranslate();
}

void PhotoBrowser::buildActions() {
  auto* nextAction = new QAction(this);
  nextAction->setObjectName(QStringLiteral("nextPhoto"));
  nextAction->setShortcut(QKeySequence(Qt::Key_D));
  nextAction->setShortcutContext(Qt::WindowShortcut);
  connect(nextAction, &QAction::triggered, this, &PhotoBrowser::next);
  auto* previousAction = new QAction(this);
  previousAction->setObjectName(QStringLiteral("previousPhoto"));
  previousAction->setShortcut(QKeySequence(Qt::Key_A));
  previousAction->setShortcutContext(Qt::WindowShortcut);
  connect(previousAction, &QAction::triggered, this, &PhotoBrowser::previous);
  addActions({nextAction, previousAction});
}

void PhotoBrowser::setDocument(ProjectDocument* doc) {
  if (m_doc) disconnect(m_doc, nullptr, this, nullptr);
  m_doc = doc;
  m_filter->setPinnedPhoto(0);
  m_model->setDocument(doc);
  if (m_doc) {
    connect(m_doc, &ProjectDocument::classesChanged, this, &PhotoBrowser::rebuildClasses);
    connect(m_doc, &ProjectDocument::annotationsChanged, this, &PhotoBrowser::annotationsChanged);
    connect(m_doc, &QObject::destroyed, this, [this] {
      m_doc = nullptr;
      rebuildClasses();
    });
  }
  rebuildClasses();
  if (m_filter->rowCount() > 0) m_list->setCurrentIndex(m_filter->index(0, 0));
  updateCount();
}

void PhotoBrowser::rebuildClasses() {
  const qint64 keep = m_filterClass;
  {
    const QSignalBlocker block(m_class);
    m_class->clear();
    m_class->addItem(tr("Any class"), QVariant::fromValue<qint64>(0));
    if (m_doc)
      for (const auto& c : m_doc->classes())
        m_class->addItem(QString::fromStdString(c.name), QVariant::fromValue<qint64>(c.id));
    m_class->setCurrentIndex(std::max(0, m_class->findData(QVariant::fromValue<qint64>(keep))));
  }
  // A deleted class (or a closed project) switches the class filter off.
  m_filterClass = m_class->currentData().toLongLong();
  if (keep != m_filterClass || keep != 0) applyClassFilter();
}

void PhotoBrowser::applyClassFilter() {
  m_classPhotos.clear();
  if (!m_doc || !m_filterClass) {
    m_filter->setClassPhotos(std::nullopt);
    return;
  }
  for (const qint64 id : m_doc->photosWithClass(m_filterClass)) m_classPhotos.insert(id);
  m_filter->setClassPhotos(m_classPhotos);
}

void PhotoBrowser::annotationsChanged(qint64 photoId) {
  if (!m_doc || !m_filterClass) return;
  bool holds = false;
  for (const auto& a : m_doc->annotations(photoId)) holds |= a.class_id == m_filterClass;
  if (holds == m_classPhotos.contains(photoId)) return;
  if (holds)
    m_classPhotos.insert(photoId);
  else
    m_classPhotos.remove(photoId);
  m_filter->setClassPhotos(m_classPhotos);  // the pinned photo stays listed
}

void PhotoBrowser::filterChanged() {
  // The photo shown may have been filtered out: show the first that passes instead.
  if (!m_list->currentIndex().isValid() && m_filter->rowCount() > 0)
    m_list->setCurrentIndex(m_filter->index(0, 0));
  m_filter->setPinnedPhoto(currentPhotoId());  // the photo shown stays, whatever happens to it
  if (m_list->currentIndex().isValid()) m_list->scrollTo(m_list->currentIndex());
  updateCount();
}

void PhotoBrowser::updateCount() {
  const int total = m_model->rowCount();
  const int shown = m_filter->rowCount();
  const QLocale locale;
  const QString all = total == 1 ? tr("1 photo") : tr("%1 photos").arg(locale.toString(total));
  m_count->setText(shown == total ? all : tr("%1 of %2").arg(locale.toString(shown), all));
}

QList<qint64> PhotoBrowser::selectedPhotoIds() const {
  QList<qint64> ids;
  for (const QModelIndex& i : m_list->selectionModel()->selectedIndexes())
    ids.push_back(i.data(PhotoListModel::PhotoIdRole).toLongLong());
  std::sort(ids.begin(), ids.end());
  if (ids.isEmpty() && currentPhotoId()) ids.push_back(currentPhotoId());
  return ids;
}

qint64 PhotoBrowser::currentPhotoId() const {
  const QModelIndex i = m_list->currentIndex();
  return i.isValid() ? i.data(PhotoListModel::PhotoIdRole).toLongLong() : 0;
}

bool PhotoBrowser::selectPhoto(qint64 photoId) {
  const int row = m_model->rowOf(photoId);
  if (row < 0) return false;
  const QModelIndex i = m_filter->mapFromSource(m_model->index(row));
  if (!i.isValid()) return false;
  m_list->setCurrentIndex(i);
  m_list->scrollTo(i);
  return true;
}

void PhotoBrowser::next() {
  step(1);
}
void PhotoBrowser::previous() {
  step(-1);
}

void PhotoBrowser::step(int delta) {
  const int rows = m_filter->rowCount();
  if (rows == 0) return;
  const QModelIndex current = m_list->currentIndex();
  const int row = current.isValid() ? std::clamp(current.row() + delta, 0, rows - 1) : 0;
  const QModelIndex i = m_filter->index(row, 0);
  m_list->setCurrentIndex(i);
  m_list->scrollTo(i);
}

void PhotoBrowser::changeEvent(QEvent* event) {
  if (event->type() == QEvent::LanguageChange) retranslate();
  QWidget::changeEvent(event);
}

void PhotoBrowser::retranslate() {
  m_search->setPlaceholderText(tr("Search by name"));
  const int index = std::max(0, m_category->currentIndex());
  const QSignalBlocker block(m_category);
  m_category->clear();
  m_category->addItems({tr("All photos"), tr("Unlabeled"), tr("In progress"), tr("Done"),
                        tr("Reviewed"), tr("Confirmed negatives"), tr("Train split"),
                        tr("Valid split"), tr("Test split")});
  m_category->setCurrentIndex(index);
  m_category->setToolTip(tr("Show photos by status, confirmed negatives or split"));
  m_class->setToolTip(tr("Show only photos with a shape of this class"));
  if (m_class->count() > 0) m_class->setItemText(0, tr("Any class"));
  updateCount();
  for (QAction* a : actions()) {
    if (a->objectName() == QLatin1String("nextPhoto")) a->setText(tr("Next photo"));
    if (a->objectName() == QLatin1String("previousPhoto")) a->setText(tr("Previous photo"));
  }
}

}  // namespace sam3::ui
