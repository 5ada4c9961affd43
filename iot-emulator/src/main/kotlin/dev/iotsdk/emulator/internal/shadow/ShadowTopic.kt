package dev.iotsdk.emulator.internal.shadow

/**
 * A shadow request topic, parsed by the emulator itself (architecture rule 2: no SDK code):
 * `$aws/things/<thing>/shadow/<op>` or `$aws/things/<thing>/shadow/name/<shadow>/<op>`, `<op>` one of get, update,
 * delete. Response topics (`…/get/accepted`) are not requests and do not parse.
 */
internal class ShadowTopic(val thingName: String, val shadowName: String?, val operation: String) {
    /** `$aws/things/<thing>/shadow` or `…/shadow/name/<shadow>`. */
    val prefix: String get() = prefixOf(thingName, shadowName)

    /** The response topic `<prefix>/<operation>/<suffix>`. */
    fun response(suffix: String): String = "$prefix/$operation/$suffix"

    companion object {
        private val OPERATIONS = setOf("get", "update", "delete")

        fun prefixOf(thingName: String, shadowName: String?): String = if (shadowName ==
            null
        ) {
            "\$aws/things/$thingName/shadow"
        } else {
            "\$aws/things/$thingName/shadow/name/$shadowName"
        }

        fun parse(topic: String): ShadowTopic? {
            val parts = topic.split('/')
            if (parts.size < 5 || parts[0] != "\$aws" || parts[1] != "things" || parts[3] != "shadow") return null
            val thing = parts[2].takeIf { it.isNotEmpty() } ?: return null
            return when {
                parts.size == 5 && parts[4] in OPERATIONS -> ShadowTopic(thing, null, parts[4])
                parts.size == 7 && parts[4] == "name" && parts[5].isNotEmpty() && parts[6] in OPERATIONS ->
                    ShadowTopic(thing, parts[5], parts[6])
                else -> null
            }
        }
    }
}
