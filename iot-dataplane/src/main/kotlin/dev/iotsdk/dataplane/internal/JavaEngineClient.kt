package dev.iotsdk.dataplane.internal

import dev.iotsdk.dataplane.IotDataPlaneConfig
import io.ktor.client.HttpClient
import io.ktor.client.HttpClientConfig
import io.ktor.client.engine.java.Java
import io.ktor.client.engine.java.JavaHttpConfig

/** The JDK `java.net.http` engine (optional `ktor-client-java-jvm`); loaded only when [dev.iotsdk.dataplane.HttpEngine.JAVA] is chosen. */
@JdkOnly
internal object JavaEngineClient {
    fun create(config: IotDataPlaneConfig, common: HttpClientConfig<JavaHttpConfig>.() -> Unit): HttpClient = HttpClient(Java) {
        common()
        engine {
            config { sslContext(Engines.sslContext(config)) }
        }
    }
}
