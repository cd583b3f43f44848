// zlib, for AWS Config snapshot files (delivered gzipped to S3: `*.json.gz`).
#include <zlib.h>
