#include "cli_model.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <CLI/CLI.hpp>

namespace corpus::cli {
namespace {

// Options and positionals whose values are file or directory names (the shells complete
// them as such).
constexpr std::array<std::string_view, 4> kPathValued = {"--db", "--config", "--jsonl", "paths"};

OptionModel option_model(const CLI::Option& o) {
  OptionModel m;
  m.positional = o.get_positional();
  if (m.positional) {
    m.names.push_back(o.get_name());
  } else {
    for (const auto& l : o.get_lnames()) m.names.push_back("--" + l);
    for (const auto& s : o.get_snames()) m.names.push_back("-" + s);
  }
  m.description = o.get_description();
  if (o.get_items_expected_max() > 0) {
    std::string type = o.get_type_name();  // "TEXT:{vi,en}", "INT"
    const auto brace = type.find('{');
    if (brace != std::string::npos && type.back() == '}') {
      std::string_view list(type.data() + brace + 1, type.size() - brace - 2);
      while (!list.empty()) {
        const auto comma = std::min(list.find(','), list.size());
        m.choices.emplace_back(list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
      }
    }
    m.value = type.substr(0, type.find(':'));
    if (m.value.empty()) m.value = "VALUE";
  }
  m.path = std::any_of(kPathValued.begin(), kPathValued.end(),
                       [&](std::string_view p) { return std::find(m.names.begin(), m.names.end(), p) != m.names.end(); });
  m.envname = o.get_envname();
  return m;
}

std::vector<OptionModel> options_of(const CLI::App& app) {
  std::vector<OptionModel> out;
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_name(false, true) == "-h,--help") continue;
    out.push_back(option_model(*o));
  }
  return out;
}

}  // namespace

CliModel model_of(const CLI::App& app) {
  CliModel m;
  m.name = app.get_name();
  m.description = app.get_description();
  m.footer = app.get_footer();
  m.global = options_of(app);
  for (const CLI::App* sub : app.get_subcommands({})) {
    m.commands.push_back({sub->get_name(), sub->get_description(), options_of(*sub)});
  }
  return m;
}

}  // namespace corpus::cli
