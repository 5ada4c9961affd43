package dev.iotsdk.emulator.internal.streams

/** `$aws/things/<thing>/streams/<streamId>/<describe|get>/<json|cbor>` (spec/streams.md section 2). */
internal class StreamTopic(val thingName: String, val streamId: String, val operation: String, val format: String) {
    /** The topic of the answer [kind] (`description`, `data`, `rejected`) in this request's format. */
    fun answer(kind: String): String = "\$aws/things/$thingName/streams/$streamId/$kind/$format"

    companion object {
        private val PATTERN = Regex("\\\$aws/things/([^/]+)/streams/([^/]+)/(describe|get)/(json|cbor)")

        fun parse(topic: String): StreamTopic? =
            PATTERN.matchEntire(topic)?.groupValues?.let { g -> StreamTopic(g[1], g[2], g[3], g[4]) }
    }
}
