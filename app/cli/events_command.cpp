// csae events: what an AEDAT 3.1 file holds.

#include "app/cli/cli_common.h"

#include "model/data/aedat.h"

#include <iomanip>
#include <iostream>

namespace csae::cli {

CommandRunner add_events_command(CLI::App& app)
{
    struct Arguments {
        std::string file;
        bool json = false;
    };
    auto arguments = std::make_shared<Arguments>();
    CLI::App* command = app.add_subcommand(
        "events", "Summarise an AEDAT 3.1 event file (DVS128): event count, ON and OFF counts, first and last "
                  "timestamp (microseconds), sensor size, packets, skipped packets, invalid events.");
    command->add_option("FILE", arguments->file, "AEDAT 3.1 file")->required();
    command->add_flag("--json", arguments->json, "One JSON object instead of text");
    return [arguments] {
        const std::filesystem::path file = arguments->file;
        const AedatSummary s = read_aedat(file).summary;
        if (arguments->json) {
            std::cout << nlohmann::ordered_json{{"file", file.string()},
                                                {"events", s.events},
                                                {"on_events", s.on_events},
                                                {"off_events", s.off_events},
                                                {"first_timestamp_us", s.first_timestamp_us},
                                                {"last_timestamp_us", s.last_timestamp_us},
                                                {"sensor_width", s.sensor_width},
                                                {"sensor_height", s.sensor_height},
                                                {"packets", s.packets},
                                                {"skipped_packets", s.skipped_packets},
                                                {"invalid_events", s.invalid_events}}
                             .dump()
                      << std::endl;
            return int{kDone};
        }
        std::cout << file.string() << '\n'
                  << "  events            " << s.events << " (ON " << s.on_events << ", OFF " << s.off_events << ")\n"
                  << "  time              " << s.first_timestamp_us << " .. " << s.last_timestamp_us << " us ("
                  << std::fixed << std::setprecision(3)
                  << static_cast<double>(s.last_timestamp_us - s.first_timestamp_us) / 1e6 << " s)\n"
                  << "  sensor            " << s.sensor_width << " x " << s.sensor_height << '\n'
                  << "  packets           " << s.packets << " (" << s.skipped_packets
                  << " of other event types skipped)\n"
                  << "  invalid events    " << s.invalid_events << '\n';
        return int{kDone};
    };
}

} // namespace csae::cli
