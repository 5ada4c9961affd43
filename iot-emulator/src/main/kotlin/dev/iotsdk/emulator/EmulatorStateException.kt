package dev.iotsdk.emulator

import java.nio.file.Path

/**
 * The state file of a data directory (`dataDir`, CLI `--data-dir`) cannot be read: it is not JSON, a section is
 * malformed, or a newer emulator wrote it ([formatVersion] above what this one reads). The emulator refuses to start
 * rather than start empty and overwrite the file. The message names the file and the section, never their contents
 * (the file holds keys and credentials); move the file away to start with an empty state.
 *
 * ```kotlin
 * try {
 *     IotEmulator.start(IotEmulatorConfig { dataDir = Path.of("emulator-state") })
 * } catch (e: EmulatorStateException) {
 *     println("cannot read ${e.file}: ${e.message}")
 * }
 * ```
 */
public class EmulatorStateException internal constructor(
    /** The state file. */
    public val file: Path,
    /** The section that is malformed (`null`: the whole file). */
    public val section: String?,
    /** The file's format version, when it could be read. */
    public val formatVersion: Int?,
    message: String,
) : IllegalStateException(message)
