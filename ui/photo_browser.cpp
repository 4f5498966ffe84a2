#include "ui/photo_browser.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QVBoxLayout>

#include "core/project/types.h"
#include "ui/photo_list_model.h"

namespace sam3::ui {
namespace {

// Draws the standard row, then the status and split badges at its right edge.
class BadgeDelegate : public QStyledItemDelegate {
 public:
  using QStyledItemDelegate::QStyledItemDelegate;
  void paint(QPainter* painter, const QStyleOptionViewItem& option,
             const QModelIndex& index) const override {
    QStyledItemDelegate::paint(painter, option, index);
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
    badge(PhotoListModel::splitText(split), QColor(0x55, 0x55, 0x99));
    badge(PhotoListModel::statusText(status), statusColours[std::clamp(status, 0, 3)]);
    painter->restore();
  }
  QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(std::max(s.height(), PhotoListModel::kThumbnailSide * 3 / 4 + 8));
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
      m_list(new QListView(this)) {
  setObjectName(QStringLiteral("photoBrowser"));
  m_filter->setSourceModel(m_model);
  m_search->setObjectName(QStringLiteral("photoSearch"));
  m_search->setClearButtonEnabled(true);
  m_category->setObjectName(QStringLiteral("photoCategory"));
  m_list->setObjectName(QStringLiteral("photoList"));
  m_list->setModel(m_filter);
  m_list->setUniformItemSizes(true);  // 10,000 rows lay out without measuring each
  m_list->setIconSize(
      QSize(PhotoListModel::kThumbnailSide, PhotoListModel::kThumbnailSide * 3 / 4));
  m_list->setItemDelegate(new BadgeDelegate(m_list));
  m_list->setSelectionMode(QAbstractItemView::SingleSelection);
  m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_list->setTextElideMode(Qt::ElideMiddle);

  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(m_search);
  layout->addWidget(m_category);
  layout->addWidget(m_list, 1);

  connect(m_search, &QLineEdit::textChanged, m_filter, &PhotoFilterModel::setText);
  connect(m_category, &QComboBox::currentIndexChanged, this,
          [this](int i) { m_filter->setCategory(static_cast<PhotoFilterModel::Category>(i)); });
  connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) {
            Q_EMIT currentPhotoChanged(
                current.isValid() ? current.data(PhotoListModel::PhotoIdRole).toLongLong() : 0);
          });

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
  retranslate();
}

void PhotoBrowser::setDocument(ProjectDocument* doc) {
  m_model->setDocument(doc);
  if (m_filter->rowCount() > 0) m_list->setCurrentIndex(m_filter->index(0, 0));
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
  for (QAction* a : actions()) {
    if (a->objectName() == QLatin1String("nextPhoto")) a->setText(tr("Next photo"));
    if (a->objectName() == QLatin1String("previousPhoto")) a->setText(tr("Previous photo"));
  }
}

}  // namespace sam3::ui
