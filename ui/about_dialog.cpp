#include "ui/about_dialog.h"

#include <QCoreApplication>
#include <QLocale>
#include <QMessageBox>

#include "core/inference/runtime_info.h"

namespace sam3::ui {

QString aboutText(const RuntimeInfo& info) {
  QString gpus;
  for (const auto& g : info.gpus) {
    gpus +=
        QStringLiteral("<br>&nbsp;&nbsp;%1 (%2 GiB)")
            .arg(QString::fromStdString(g.name))
            .arg(QLocale().toString(static_cast<double>(g.total_memory_bytes) / (1 << 30), 'f', 1));
  }
  return QStringLiteral("<h3>SAM3 Studio %1</h3><p>%2</p><p>%3: %4<br>%5: %6<br>%7: %8%9</p>")
      .arg(QString::fromStdString(info.version),
           QCoreApplication::translate(
               "AboutDialog",
               "Label fuse cutouts, fine-tune SAM3 on your own GPU and review its detections."),
           QCoreApplication::translate("AboutDialog", "Build"),
           QString::fromStdString(info.git_sha),
           QCoreApplication::translate("AboutDialog", "LibTorch"),
           QString::fromStdString(info.torch_version),
           QCoreApplication::translate("AboutDialog", "CUDA"),
           info.torch_has_cuda ? QCoreApplication::translate("AboutDialog", "yes")
                               : QCoreApplication::translate("AboutDialog", "no"),
           gpus);
}

void showAboutDialog(QWidget* parent, const RuntimeInfo& info) {
  QMessageBox::about(parent, QCoreApplication::translate("AboutDialog", "About SAM3 Studio"),
                     aboutText(info));
}

}  // namespace sam3::ui
