#pragma once
// The About box: version, git SHA, LibTorch version and whether CUDA is usable.
#include <QString>

class QWidget;

namespace sam3 {
struct RuntimeInfo;
}

namespace sam3::ui {

QString aboutText(const RuntimeInfo& info);  // rich text, translated
void showAboutDialog(QWidget* parent, const RuntimeInfo& info);

}  // namespace sam3::ui
