package dev.iotsdk.emulator.internal.defender

/** `$aws/things/<thing>/defender/metrics/<json|cbor>` (spec/defender.md section 1), and its answer topics. */
internal class DefenderTopic(val topic: String, val thingName: String, val format: String) {
    val accepted: String get() = "$topic/accepted"
    val rejected: String get() = "$topic/rejected"

    companion object {
        private val PATTERN = Regex("\\\$aws/things/([^/]+)/defender/metrics/(json|cbor)")

        fun parse(topic: String): DefenderTopic? =
            PATTERN.matchEntire(topic)?.groupValues?.let { g -> DefenderTopic(topic, g[1], g[2]) }
    }
}
