package dev.iotsdk.emulator.internal.commands

/**
 * A device's UpdateCommandExecution topic, `$aws/commands/<things|clients>/<id>/executions/<eid>/response/json`
 * (spec/commands.md §2), parsed. CBOR responses are not served by the emulator.
 */
internal class CommandsTopic(val deviceType: String, val deviceId: String, val executionId: String) {
    /** Where the answers go. */
    fun answer(accepted: Boolean): String = "\$aws/commands/$deviceType/$deviceId/executions/$executionId/response/" +
        (if (accepted) "accepted" else "rejected") + "/json"

    companion object {
        private const val LEVELS = 8

        fun parse(topic: String): CommandsTopic? {
            val l = topic.split('/')
            val ok = l.size == LEVELS &&
                l[0] == "\$aws" &&
                l[1] == "commands" &&
                l[2] in DEVICE_TYPES &&
                l[4] == "executions" &&
                l[6] == "response" &&
                l[7] == "json" &&
                l[3].isNotEmpty() &&
                l[5].isNotEmpty()
            return if (ok) CommandsTopic(l[2], l[3], l[5]) else null
        }

        /** The request topic of an execution for [contentType] (spec/commands.md §2). */
        fun request(deviceType: String, deviceId: String, executionId: String, contentType: String): String {
            val base = "\$aws/commands/$deviceType/$deviceId/executions/$executionId/request"
            return when (contentType) {
                "application/json" -> "$base/json"
                "application/cbor" -> "$base/cbor"
                else -> base
            }
        }

        val DEVICE_TYPES = setOf("things", "clients")
    }
}
