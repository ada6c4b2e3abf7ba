#include "app/storage_options.h"

#include <regex>

namespace phonghop::app {

void AddStorageOptions(po::options_description& desc, DatabaseOptions* db) {
  db->pool_size = 4;
  desc.add_options()
      ("database", po::value(&db->url),
       "postgresql://USER@HOST:PORT/DB: the data is in PostgreSQL, as `serve --database` (default: SQLite in "
       "DATA/phonghop.db; also $PHONGHOP_DATABASE)")
      ("blobs", po::value(&db->blobs),
       "s3://BUCKET?endpoint=http://HOST:PORT&region=R: document files in an S3 bucket, as `serve --blobs`; keys "
       "from $PHONGHOP_S3_ACCESS_KEY / $PHONGHOP_S3_SECRET_KEY (default: the folder DATA/blobs; also "
       "$PHONGHOP_BLOBS)");
}

std::string DescribeStorage(AppContext& ctx) {
  std::string db;
  if (ctx.on_postgres()) {
    // postgresql://user:password@host:port/db → host:port/db
    static const std::regex kUrl(R"(^postgres(?:ql)?://(?:[^@/]*@)?([^/?]*)(/[^?]*)?)");
    std::smatch m;
    const std::string url = ctx.database_url();
    db = std::regex_search(url, m, kUrl) ? "postgresql " + m[1].str() + m[2].str() : "postgresql";
  } else {
    db = "sqlite " + ctx.data_dir();
  }
  return db + ", files " + ctx.blobs_description();
}

}  // namespace phonghop::app
