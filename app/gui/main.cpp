// sam3studio: composition root of the GUI. It builds the context and shows the main window.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QImageReader>
#include <QSettings>
#include <QTimer>

#include "core/inference/runtime_info.h"
#include "core/util/version.h"
#include "ui/language_manager.h"
#include "ui/main_window.h"

namespace {

// The window icon from sam3_ui's resources: PNG sizes always, the SVG only where Qt SVG's image
// plugin is installed (the package merely recommends libqt6svg6).
QIcon applicationIcon() {
  QIcon icon;
  for (const int n : {16, 22, 24, 32, 48, 64, 128, 256})
    icon.addFile(QStringLiteral(":/icons/%1x%1/sam3studio.png").arg(n), QSize(n, n));
  if (QImageReader::supportedImageFormats().contains("svg"))
    icon.addFile(QStringLiteral(":/icons/sam3studio.svg"));
  return icon;
}

}  // namespace

int main(int argc, char** argv) {
  // sam3_ui is a static library: the linker keeps its resource initialiser only when it is named.
  Q_INIT_RESOURCE(sam3studio);
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("sam3studio"));
  QApplication::setApplicationDisplayName(QStringLiteral("SAM3 Studio"));
  QApplication::setOrganizationName(QStringLiteral("SAM3 Studio"));
  QApplication::setApplicationVersion(QString::fromStdString(sam3::version_with_sha()));
  QApplication::setWindowIcon(applicationIcon());

  QCommandLineParser parser;
  parser.setApplicationDescription(
      QStringLiteral("Label photos, fine-tune SAM3, review detections"));
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption langOption(QStringLiteral("lang"),
                                QStringLiteral("User interface language (en, de)"),
                                QStringLiteral("code"));
  QCommandLineOption screenshotOption(
      QStringLiteral("screenshot"), QStringLiteral("Save a screenshot of the main window and quit"),
      QStringLiteral("file.png"));
  QCommandLineOption projectOption(QStringLiteral("project"),
                                   QStringLiteral("Open this project folder at start"),
                                   QStringLiteral("dir"));
  QCommandLineOption demoOption(
      QStringLiteral("demo"),
      QStringLiteral("Open the demo project (created in the user's data folder when absent)"));
  parser.addOptions({langOption, screenshotOption, projectOption, demoOption});
  parser.process(app);

  sam3::ui::LanguageManager languages;
  // --lang, else the language last chosen in the Language menu, else the system's.
  const QString lang = parser.isSet(langOption) ? parser.value(langOption)
                                                : QSettings()
                                                      .value(QStringLiteral("language"),
                                                             QLocale::system().name().left(2))
                                                      .toString();
  languages.setLanguage(lang);  // unknown languages fall back to English

  sam3::ui::AppContext context;
  context.runtime = sam3::runtime_info();
  sam3::ui::MainWindow window(std::move(context), &languages);
  window.show();
  bool opened = true;
  if (parser.isSet(projectOption))
    opened = window.openProject(parser.value(projectOption));
  else if (parser.isSet(demoOption))
    opened = window.openDemoProject();
  if (parser.isSet(screenshotOption)) {
    // Once the event loop has laid the window out and the photo and thumbnails have arrived from
    // their threads, grab it and quit with the save's status.
    // The exit status also says whether the requested project opened.
    QTimer::singleShot(1500, &window, [&window, opened, file = parser.value(screenshotOption)] {
      QApplication::exit(window.grab().save(file) && opened ? 0 : 1);
    });
  }
  return QApplication::exec();
}
