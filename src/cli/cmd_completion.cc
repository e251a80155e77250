// `corpus completion bash|zsh`: a completion script made from the command line itself
// (cli_model.h), so that every subcommand and option --help lists is completed, values from
// fixed choices (`--lang vi|en`) and file names where an option takes a path.
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "cli_model.h"
#include "output.h"

namespace corpus::cli {
namespace {

struct CompletionArgs {
  std::string shell;
};

std::string joined(const std::vector<std::string>& words, std::string_view sep = " ") {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : std::string(sep)) + w;
  return out;
}

// Every name of every option (not positionals) of a command, and the global ones.
std::vector<std::string> option_names(const std::vector<OptionModel>& options) {
  std::vector<std::string> out;
  for (const auto& o : options) {
    if (!o.positional) out.insert(out.end(), o.names.begin(), o.names.end());
  }
  return out;
}

// The `case $prev` arms for options whose value has choices or is a path.
std::string value_arms(const std::vector<OptionModel>& options) {
  std::string out;
  for (const auto& o : options) {
    if (o.positional || o.value.empty()) continue;
    const std::string pattern = joined(o.names, "|");
    if (!o.choices.empty()) {
      out += fmt::format("      {}) COMPREPLY=($(compgen -W '{}' -- \"$cur\")); return ;;\n", pattern, joined(o.choices));
    } else if (o.path) {
      out += fmt::format("      {}) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", pattern);
    } else {
      out += fmt::format("      {}) return ;;\n", pattern);  // a value of the user's: nothing to offer
    }
  }
  return out;
}

std::string bash_script(const CliModel& m) {
  std::vector<std::string> commands;
  for (const auto& c : m.commands) commands.push_back(c.name);
  std::string per_command;
  for (const auto& c : m.commands) {
    bool paths = false;
    for (const auto& o : c.options) paths = paths || (o.positional && o.path);
    per_command += fmt::format("    {})\n      opts='{}'\n      files={}\n      case $prev in\n{}      esac\n      ;;\n",
                               c.name, joined(option_names(c.options)), paths ? 1 : 0, value_arms(c.options));
  }
  return fmt::format(R"(# bash completion for {0}: made by `{0} completion bash`.
#   source <({0} completion bash)      or save it as
#   /usr/share/bash-completion/completions/{0}
_{0}() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  local global='{1}' commands='{2}'
  local sub='' i opts='' files=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${{COMP_WORDS[i]}} in
      {3}) sub=${{COMP_WORDS[i]}}; break ;;
    esac
  done
  case $prev in
{4}  esac
  case $sub in
    '')
      COMPREPLY=($(compgen -W "$commands $global" -- "$cur"))
      return
      ;;
{5}  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts $global" -- "$cur"))
  elif ((files)); then
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o filenames -o bashdefault -F _{0} {0}
)",
                     m.name, joined(option_names(m.global)), joined(commands), joined(commands, "|"),
                     value_arms(m.global), per_command);
}

// zsh's _arguments spec: `(--json --tsv)--json[description]` and `:value:(vi en)`.
std::string zsh_quote(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '[' || c == ']' || c == ':' || c == '\\') out += '\\';
    if (c == '\'') {
      out += "'\\''";
      continue;
    }
    out += c;
  }
  return out;
}

std::string zsh_specs(const std::vector<OptionModel>& options, std::string_view indent) {
  std::string out;
  for (const auto& o : options) {
    const std::string what = zsh_quote(o.description);
    std::string action;
    if (!o.value.empty()) {
      action = !o.choices.empty() ? fmt::format(":{}:({})", zsh_quote(o.value), joined(o.choices))
               : o.path           ? fmt::format(":{}:_files", zsh_quote(o.value))
                                  : fmt::format(":{}: ", zsh_quote(o.value));
    }
    if (o.positional) {
      out += fmt::format("{}'*:{}:{}' \\\n", indent, zsh_quote(o.names[0]), o.path ? "_files" : " ");
      continue;
    }
    for (const auto& name : o.names) out += fmt::format("{}'{}[{}]{}' \\\n", indent, name, what, action);
  }
  return out;
}

std::string zsh_script(const CliModel& m) {
  std::string commands, per_command;
  for (const auto& c : m.commands) {
    commands += fmt::format("    '{}:{}'\n", c.name, zsh_quote(c.description));
    per_command += fmt::format("        {})\n          _arguments \\\n{}            && return 0\n          ;;\n", c.name,
                               zsh_specs(c.options, "            "));
  }
  return fmt::format(R"(#compdef {0}
# zsh completion for {0}: made by `{0} completion zsh`. Save it as _{0} in a directory of
# $fpath (e.g. /usr/share/zsh/vendor-completions/_{0}), then run compinit.
_{0}() {{
  local context state state_descr line
  typeset -A opt_args
  local -a commands
  commands=(
{1}  )
  _arguments -C \
{2}    '1: :->command' \
    '*:: :->arguments' && return 0
  case $state in
    command)
      _describe -t commands '{0} command' commands
      ;;
    arguments)
      case $words[1] in
{3}      esac
      ;;
  esac
}}
_{0} "$@"
)",
                     m.name, commands, zsh_specs(m.global, "    "), per_command);
}

}  // namespace

void setup_completion(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CompletionArgs>();
  CLI::App* sub = app.add_subcommand("completion", "print a shell completion script (bash or zsh)");
  sub->add_option("shell", args->shell, "bash or zsh")->required()->check(CLI::IsMember({"bash", "zsh"}));
  sub->callback([args, &app, &ctx] {
    const CliModel m = model_of(app);
    write_out(args->shell == "bash" ? bash_script(m) : zsh_script(m));
    ctx.exit_code = kOk;
  });
}

}  // namespace corpus::cli
