// The main of a fuzz harness in the normal build: runs LLVMFuzzerTestOneInput once on every file of the
// corpus directories (or files) given, so that CTest replays the committed corpus without libFuzzer. A
// harness reports a broken invariant by aborting, which fails the test with the file's name printed first.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

bool runFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "replay: cannot read %s\n", qPrintable(path));
        return false;
    }
    const QByteArray bytes = file.readAll();
    std::fprintf(stderr, "replay: %s (%lld bytes)\n", qPrintable(path), static_cast<long long>(bytes.size()));
    // A copy in its own allocation, as libFuzzer hands it over: a read past the end is a read past the end.
    auto* copy = static_cast<uint8_t*>(std::malloc(size_t(bytes.size()) + 1));
    std::memcpy(copy, bytes.constData(), size_t(bytes.size()));
    LLVMFuzzerTestOneInput(copy, size_t(bytes.size()));
    std::free(copy);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    int files = 0;
    for (int i = 1; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        QStringList paths;
        if (QFileInfo(arg).isDir()) {
            QDirIterator it(arg, QDir::Files, QDirIterator::Subdirectories);
            while (it.hasNext())
                paths << it.next();
            paths.sort(); // the same order on every machine
        } else {
            paths << arg;
        }
        for (const QString& path : paths) {
            if (!runFile(path))
                return 1;
            ++files;
        }
    }
    // An empty corpus would make this test pass without testing anything.
    if (files == 0) {
        std::fprintf(stderr, "replay: no corpus files found\n");
        return 1;
    }
    std::fprintf(stderr, "replay: %d files, all passed\n", files);
    return 0;
}
