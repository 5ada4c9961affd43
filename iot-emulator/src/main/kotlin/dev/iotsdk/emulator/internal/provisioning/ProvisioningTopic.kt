package dev.iotsdk.emulator.internal.provisioning

/** A fleet provisioning request topic (spec/identity.md section 2); responses go to `<topic>/accepted|rejected`. */
internal sealed class ProvisioningTopic(val topic: String, val format: String) {
    class CreateKeys(topic: String, format: String) : ProvisioningTopic(topic, format)
    class CreateFromCsr(topic: String, format: String) : ProvisioningTopic(topic, format)
    class RegisterThing(topic: String, format: String, val templateName: String) : ProvisioningTopic(topic, format)

    companion object {
        private const val CERTIFICATES = "\$aws/certificates/"
        private const val TEMPLATES = "\$aws/provisioning-templates/"

        /** The request a topic names, or `null` (responses, other services). */
        fun parse(topic: String): ProvisioningTopic? {
            val levels = topic.split('/')
            return when {
                topic.startsWith(CERTIFICATES) && levels.size == 4 && levels[3].isFormat() -> when (levels[2]) {
                    "create" -> CreateKeys(topic, levels[3])
                    "create-from-csr" -> CreateFromCsr(topic, levels[3])
                    else -> null
                }
                topic.startsWith(TEMPLATES) &&
                    levels.size == 5 &&
                    levels[3] == "provision" &&
                    levels[4].isFormat() &&
                    levels[2].isNotEmpty() -> RegisterThing(topic, levels[4], levels[2])
                else -> null
            }
        }

        private fun String.isFormat() = this == "json" || this == "cbor"
    }
}
