// The command line as data, read off the CLI11 app itself, for what is generated from it
// (shell completion, the man page), so that those can never disagree with --help.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace corpus::cli {

struct OptionModel {
  std::vector<std::string> names;  // "--limit", "-n"; a positional's name alone
  std::string description;
  std::string value;                 // what it takes ("TEXT", "INT"...); empty for a flag
  std::vector<std::string> choices;  // from IsMember checks
  bool path = false;                 // a file or directory name
  std::string envname;
  bool positional = false;
};

struct CommandModel {
  std::string name, description;
  std::vector<OptionModel> options;  // --help left out
};

struct CliModel {
  std::string name, description, footer;
  std::vector<OptionModel> global;
  std::vector<CommandModel> commands;
};

CliModel model_of(const CLI::App& app);

}  // namespace corpus::cli
