//! `timbot`: the host binary. Runs the bots a bot file defines (built in the plugins/host issue).

fn main() {
    eprintln!("timbot: the host arrives with the runtime and plugins issues");
    std::process::exit(2);
}
