fn main() {
    std::process::exit(bangvang::cli::main());
}
