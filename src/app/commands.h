// The `phonghop` subcommands. Each takes the arguments after its name,
// prints errors to stderr and returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace phonghop::app {

using Args = std::vector<std::string>;

int ServeCommand(const Args& args);
int DelegatesCommand(const Args& args);
int CongressCommand(const Args& args);
int BackupCommand(const Args& args);
int RestoreCommand(const Args& args);
int UserCommand(const Args& args);
int ImportCommand(const Args& args);
int QrCommand(const Args& args);
int ExtractCommand(const Args& args);
int RenderCommand(const Args& args);
int OcrCommand(const Args& args);
int SearchCommand(const Args& args);
int ReindexCommand(const Args& args);
int FaceCommand(const Args& args);
int MigrateCommand(const Args& args);
int MoveCommand(const Args& args);

// Exit codes: 0 ok, 1 runtime failure, 2 usage error, 3 rejected input.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr int kExitRejected = 3;
// Held (flock) by the running server; restore refuses while it is held.
constexpr const char* kServeLockName = "serve.lock";

}  // namespace phonghop::app
