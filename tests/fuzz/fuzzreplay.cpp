// Replays the checked-in corpus of one harness (corpus/TOME_FUZZ_NAME/*) through its check, as an
// ordinary test of the normal build: every input that once failed stays fixed.
#include "fuzzcheck.h"

#include <QDir>
#include <QFile>
#include <QTest>

class tst_FuzzReplay : public QObject {
    Q_OBJECT
private slots:
    void replay_data();
    void replay();
};

void tst_FuzzReplay::replay_data()
{
    QTest::addColumn<QString>("path");
    const QDir corpus(qEnvironmentVariable("TOME_TEST_DATA") + QStringLiteral("/corpus/" TOME_FUZZ_NAME));
    const QStringList names = corpus.entryList(QDir::Files, QDir::Name);
    QVERIFY2(!names.isEmpty(), qPrintable(QStringLiteral("no inputs in ") + corpus.path()));
    for (const QString &name : names)
        QTest::newRow(qPrintable(name)) << corpus.filePath(name);
}

void tst_FuzzReplay::replay()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
    const QByteArray input = file.readAll();
    const QString error = fuzzCheck(input);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_FuzzReplay)
#include "fuzzreplay.moc"
