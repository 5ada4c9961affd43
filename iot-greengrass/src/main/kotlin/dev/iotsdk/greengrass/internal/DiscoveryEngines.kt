package dev.iotsdk.greengrass.internal

import dev.iotsdk.auth.HttpEngine
import dev.iotsdk.greengrass.DiscoveryClientException
import dev.iotsdk.greengrass.GreengrassDiscoveryConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig

/**
 * Builds the Ktor [HttpClient] of discovery for a configuration. Each engine lives in its own class
 * ([JavaDiscoveryEngine], [OkHttpDiscoveryEngine]) so that an engine's artifact is loaded only when it is chosen.
 */
internal object DiscoveryEngines {
    fun create(config: GreengrassDiscoveryConfig): HttpClient = try {
        when (config.engine) {
            HttpEngine.JAVA -> JavaDiscoveryEngine.create(config) { common() }
            HttpEngine.OKHTTP -> OkHttpDiscoveryEngine.create(config) { common() }
            // GreengrassDiscoveryConfig refuses CIO when it is built
            HttpEngine.CIO -> throw DiscoveryClientException(
                "discovery runs on HttpEngine.JAVA or HttpEngine.OKHTTP, not CIO",
            )
        }
    } catch (e: NoClassDefFoundError) {
        val artifact = if (config.engine == HttpEngine.OKHTTP) "ktor-client-okhttp-jvm" else "ktor-client-java-jvm"
        throw DiscoveryClientException(
            "HttpEngine.${config.engine} needs io.ktor:$artifact on the classpath (the same version as " +
                "ktor-client-core); add it or choose the other engine",
            e,
        )
    }

    private fun HttpClientConfig<*>.common() {
        expectSuccess = false
        followRedirects = false
    }
}
