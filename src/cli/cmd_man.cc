// `corpus man`: the manual page (roff, man(7) macros) made from the command line itself
// (cli_model.h): every subcommand with its options as --help describes them, the examples,
// the exit codes, the environment and the files. `corpus man | man -l -` reads it.
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli.h"
#include "cli_model.h"
#include "output.h"

namespace corpus::cli {
namespace {

// Text safe for roff: backslashes doubled, hyphens as \-, and a leading dot or quote escaped.
std::string roff(std::string_view s) {
  std::string out;
  bool line_start = true;
  for (char c : s) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') out += "\\\\";
    else if (c == '-') out += "\\-";
    else out += c;
    line_start = c == '\n';
  }
  return out;
}

std::string option_items(const std::vector<OptionModel>& options) {
  std::string out;
  for (const auto& o : options) {
    std::string head;
    for (const auto& n : o.names) head += (head.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(n));
    if (o.positional) head = fmt::format("\\fI{}\\fR", roff(o.names[0]));
    if (!o.value.empty() && !o.positional) {
      head += " \\fI" + roff(o.choices.empty() ? o.value : [&] {
        std::string c;
        for (const auto& x : o.choices) c += (c.empty() ? "" : "|") + x;
        return c;
      }()) + "\\fR";
    }
    std::string text = roff(o.description);
    if (!o.envname.empty()) text += fmt::format(" (environment: \\fB{}\\fR)", o.envname);
    out += fmt::format(".TP\n{}\n{}\n", head, text);
  }
  return out;
}

std::string man_page(const CliModel& m) {
  std::string page;
  page += fmt::format(".TH {} 1 \"\" \"{} {}\" \"User Commands\"\n", "CORPUS", m.name, kVersion);
  page += fmt::format(".SH NAME\n{} \\- {}\n", m.name, roff(m.description.substr(m.description.find(": ") + 2)));
  page += ".SH SYNOPSIS\n";
  page += fmt::format(".B {}\n[\\fB\\-\\-db\\fR \\fIFILE\\fR] [\\fB\\-\\-config\\fR \\fIFILE\\fR] \\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n", m.name);
  page += ".SH DESCRIPTION\n";
  page += roff(m.description) + ".\n";
  page += ".PP\nEach command writes a table for people, or with \\fB\\-\\-json\\fR JSON Lines and with "
          "\\fB\\-\\-tsv\\fR tab-separated lines for scripts. The database is \\fB\\-\\-db\\fR, else "
          "\\fB$CORPUS_DB\\fR, else \\fIcorpus.db\\fR in the current directory.\n";
  page += ".SH OPTIONS\n" + option_items(m.global);
  page += ".SH COMMANDS\n";
  for (const auto& c : m.commands) {
    page += fmt::format(".SS {} {}\n{}.\n", m.name, c.name, roff(c.description));
    page += option_items(c.options);
  }
  page += ".SH EXAMPLES\n.nf\n";
  const std::string& f = m.footer;
  const auto start = f.find("Examples:\n");
  const auto stop = f.find("Exit codes:");
  if (start != std::string::npos) {
    page += roff(f.substr(start + 10, stop == std::string::npos ? std::string::npos : stop - start - 10));
  }
  page += ".fi\n";
  page += ".SH EXIT STATUS\n.TP\n0\nsuccess; for \\fBsearch\\fR, something matched\n"
          ".TP\n1\nnothing matched, no such article; for \\fBingest\\fR, some inputs were rejected; for "
          "\\fBcheck\\fR, problems were found\n"
          ".TP\n2\na usage error or a fatal error (\\fIcorpus: error: ...\\fR on standard error)\n"
          ".TP\n130\ninterrupted\n";
  page += ".SH ENVIRONMENT\n.TP\n.B CORPUS_DB\nthe database, unless \\fB\\-\\-db\\fR names one\n"
          ".TP\n.B CORPUS_CONFIG\nthe config file, unless \\fB\\-\\-config\\fR names one\n"
          ".TP\n.B NO_COLOR\nwhen set, no colour even on a terminal\n";
  page += ".SH FILES\n.TP\n.I ~/.config/corpus/config.toml\ndefaults for options (TOML: top-level keys for the "
          "global options, a [\\fIcommand\\fR] section for each command's); the command line, then the "
          "environment, override them (\\fB$XDG_CONFIG_HOME\\fR moves it)\n";
  page += fmt::format(".SH SEE ALSO\n\\fBsqlite3\\fR(1)\n");
  return page;
}

}  // namespace

void setup_man(CLI::App& app, Context& ctx) {
  CLI::App* sub = app.add_subcommand("man", "print the manual page (roff): corpus man | man -l -");
  sub->callback([&app, &ctx] {
    write_out(man_page(model_of(app)));
    ctx.exit_code = kOk;
  });
}

}  // namespace corpus::cli
