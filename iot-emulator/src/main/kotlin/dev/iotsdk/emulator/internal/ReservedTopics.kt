package dev.iotsdk.emulator.internal

/**
 * Which `$aws/` topics a client may publish to (spec/connect.md §8.1, the DG's reserved-topics table): only the
 * request topics. Every response, notification and event topic is subscribe-only for clients, because AWS IoT
 * publishes there itself; a client publish to one is refused like a policy violation, so no device can forge a
 * shadow delta, a job notification or a provisioning answer for another. Topics AWS does not list are refused too
 * ("you can't create new topics that begin with a dollar sign").
 */
internal object ReservedTopics {
    private val PAYLOAD_FORMATS = setOf("json", "cbor")
    private val SHADOW_REQUESTS = setOf("get", "update", "delete")

    /** Whether a client may publish to [topic], a topic starting with `$aws/`. */
    fun clientMayPublish(topic: String): Boolean {
        val levels = topic.split('/')
        if (levels.size < 3 || levels[0] != "\$aws") return false
        val rest = levels.drop(2)
        return when (levels[1]) {
            "rules" -> true
            "things" -> rest.size >= 2 && thingRequest(rest[1], rest.drop(2))
            "certificates" -> rest.size == 2 && rest[0] in setOf("create", "create-from-csr") && rest[1].isFormat()
            "provisioning-templates" -> rest.size == 3 && rest[1] == "provision" && rest[2].isFormat()
            "commands" -> commandResponse(rest)
            else -> false
        }
    }

    /** `$aws/things/<thing>/<family>/<rest…>`. */
    private fun thingRequest(family: String, rest: List<String>): Boolean = when (family) {
        "shadow" -> shadowRequest(rest)
        // the Jobs namespace answers a topic that maps to no operation with `InvalidTopic` (spec/jobs.md §6), so
        // only its answers and notifications are closed
        "jobs" -> rest.isNotEmpty() &&
            rest != listOf("notify") &&
            rest != listOf("notify-next") &&
            rest.last() !in setOf("accepted", "rejected")
        "defender" -> rest.size == 2 && rest[0] == "metrics" && rest[1].isFormat()
        "streams" -> rest.size == 3 && rest[1] in setOf("get", "describe") && rest[2].isFormat()
        else -> false
    }

    /** `…/shadow/<op>` or `…/shadow/name/<name>/<op>` with op get, update or delete. */
    private fun shadowRequest(rest: List<String>): Boolean = when (rest.size) {
        1 -> rest[0] in SHADOW_REQUESTS
        3 -> rest[0] == "name" && rest[1].isNotEmpty() && rest[2] in SHADOW_REQUESTS
        else -> false
    }

    /** `$aws/commands/<deviceType>/<deviceId>/executions/<executionId>/response[/<format>]`. */
    private fun commandResponse(rest: List<String>): Boolean =
        (rest.size == 5 || (rest.size == 6 && rest[5].isFormat())) && rest[2] == "executions" && rest[4] == "response"

    private fun String.isFormat(): Boolean = this in PAYLOAD_FORMATS
}
