#pragma once

#include <QMainWindow>

#include <optional>

class AppSettings;
class LineView;
class QLabel;
class QMenu;

// The composition root: menus, actions, docks and the status bar around the line view.
// It owns the open document and wires model/ to widgets/; it does no file work itself.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(AppSettings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens `path` (errors are shown in the window); with `line`, shows that 1-based line.
    void openFile(const QString &path, std::optional<qint64> line = std::nullopt);
    void showWelcome();

    LineView *lineView() const { return m_lineView; }

signals:
    // The first complete screen of the current content has been painted.
    void firstScreenShown();

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void rebuildRecentMenu();
    void showAbout();
    void openDialog();

    AppSettings &m_settings;
    LineView *m_lineView = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_statusLabel = nullptr;
    bool m_firstScreenShown = false;
};
