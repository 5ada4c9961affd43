package dev.iotsdk.core.internal

import java.util.Properties

/** The SDK version, from the properties file Maven writes at build time. */
internal object SdkVersion {
    val value: String by lazy {
        val props = Properties()
        SdkVersion::class.java.getResourceAsStream("/dev/iotsdk/core/iotsdk.properties")?.use { props.load(it) }
        props.getProperty("version")?.takeIf { !it.startsWith("\${") } ?: "dev"
    }
}
