package dev.iotsdk.emulator.internal.jobs

/** A device publish on `$aws/things/<thing>/jobs/…`, parsed (spec/jobs.md §1). */
internal sealed class JobsTopic {
    abstract val thingName: String
    abstract val topic: String

    data class GetPending(override val thingName: String, override val topic: String) : JobsTopic()
    data class StartNext(override val thingName: String, override val topic: String) : JobsTopic()
    data class Describe(override val thingName: String, override val topic: String, val jobId: String) : JobsTopic()
    data class Update(override val thingName: String, override val topic: String, val jobId: String) : JobsTopic()

    /** Under the jobs namespace but mapping to no API: answered with `InvalidTopic`. */
    data class Invalid(override val thingName: String, override val topic: String) : JobsTopic()

    companion object {
        private const val PREFIX = "\$aws/things/"
        private const val BRIDGE = "/jobs/"
        const val NEXT = "\$next"

        /** The thing name of a jobs topic, or `null` when [topic] is not under `$aws/things/<thing>/jobs/`. */
        private fun split(topic: String): Pair<String, String>? {
            if (!topic.startsWith(PREFIX)) return null
            val bridge = topic.indexOf(BRIDGE, PREFIX.length)
            if (bridge <= PREFIX.length) return null
            val thing = topic.substring(PREFIX.length, bridge)
            if (thing.contains('/')) return null
            return thing to topic.substring(bridge + BRIDGE.length)
        }

        /**
         * Parses a device publish. Returns `null` for topics outside the jobs namespace and for the service's own
         * output topics (`…/accepted`, `…/rejected`, `notify`, `notify-next`), which are not requests.
         */
        fun parse(topic: String): JobsTopic? {
            val (thing, rest) = split(topic) ?: return null
            if (rest == "notify" ||
                rest == "notify-next" ||
                rest.endsWith("/accepted") ||
                rest.endsWith("/rejected")
            ) {
                return null
            }
            val levels = rest.split('/')
            return when {
                rest == "get" -> GetPending(thing, topic)
                rest == "start-next" -> StartNext(thing, topic)
                levels.size == 2 && levels[1] == "get" && levels[0].isNotEmpty() -> Describe(thing, topic, levels[0])
                levels.size == 2 && levels[1] == "update" && levels[0].isNotEmpty() -> Update(thing, topic, levels[0])
                else -> Invalid(thing, topic)
            }
        }
    }
}
