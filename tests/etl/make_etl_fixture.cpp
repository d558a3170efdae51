// Writes the project's ETL fixtures at build time: make_etl_fixture OUT.etl TRUTH.txt --bits 32|64 [--plain]
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "etl_writer.hpp"

using namespace traceshark::etl::test;

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::fputs("usage: make_etl_fixture OUT.etl TRUTH.txt [--bits 32|64] [--plain]\n", stderr);
        return 2;
    }
    WriterOptions opts;
    for (int i = 3; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--bits") && i + 1 < argc) opts.header64 = std::strcmp(argv[++i], "32") != 0;
        else if (!std::strcmp(argv[i], "--plain")) opts.compress = false;
    }
    const WrittenFile f = write_etl(sample_events(opts), opts);
    std::ofstream(argv[1], std::ios::binary).write(reinterpret_cast<const char*>(f.bytes.data()),
                                                   static_cast<std::streamsize>(f.bytes.size()));
    std::ofstream(argv[2]) << describe(f);
    return 0;
}
