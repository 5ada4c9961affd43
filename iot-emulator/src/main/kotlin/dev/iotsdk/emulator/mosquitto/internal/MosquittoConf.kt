package dev.iotsdk.emulator.mosquitto.internal

import dev.iotsdk.emulator.mosquitto.MosquittoConfig
import java.nio.file.Path

/** Files the TLS listener uses. */
internal class TlsFiles(val ca: Path, val certificate: Path, val key: Path)

/** Renders a mosquitto.conf for [config] with listeners on the given ports of `127.0.0.1`. */
internal fun renderMosquittoConf(
    config: MosquittoConfig,
    plainPort: Int,
    tlsPort: Int?,
    tls: TlsFiles?,
    runAsRoot: Boolean,
): String = buildString {
    appendLine("# written by dev.iotsdk.emulator.mosquitto.MosquittoBroker")
    appendLine("per_listener_settings true")
    appendLine("persistence false")
    // stderr, not stdout: mosquitto block-buffers stdout into a pipe, so the tail would lag and lose lines on a kill.
    appendLine("log_dest stderr")
    listOf("error", "warning", "notice", "information").forEach { appendLine("log_type $it") }
    appendLine("connection_messages true")
    // Started as root, mosquitto drops to user "mosquitto", which cannot read our private temp folder.
    if (runAsRoot) appendLine("user root")
    config.maxInflightMessages?.let { appendLine("max_inflight_messages $it") }
    config.maxQueuedMessages?.let { appendLine("max_queued_messages $it") }
    appendLine()
    appendLine("listener $plainPort 127.0.0.1")
    appendLine("allow_anonymous true")
    if (tlsPort != null && tls != null) {
        appendLine()
        appendLine("listener $tlsPort 127.0.0.1")
        appendLine("allow_anonymous true")
        appendLine("cafile ${tls.ca}")
        appendLine("certfile ${tls.certificate}")
        appendLine("keyfile ${tls.key}")
        appendLine("require_certificate true")
    }
    if (config.extraConfig.isNotBlank()) {
        appendLine()
        appendLine(config.extraConfig.trimEnd())
    }
}
