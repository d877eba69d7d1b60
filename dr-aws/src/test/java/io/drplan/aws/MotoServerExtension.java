package io.drplan.aws;

import io.drplan.aws.testing.MotoServer;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@code moto_server} for the whole test run (kept in the root context's store, so JUnit
 * stops it at the end), resets it before each test, and injects a {@link MotoServer} parameter.
 *
 * <pre>{@code
 * @ExtendWith(MotoServerExtension.class)
 * class RdsDatabaseProviderIT {
 *     @Test
 *     void findInstance_existing(MotoServer moto) { ... moto.clients() ... moto.sdk(RdsClient.builder(), "us-east-1") }
 * }
 * }</pre>
 *
 * moto_server is found as {@link MotoServer#start()} finds it; when it is missing the tests fail
 * with an {@link ExtensionConfigurationException} saying how to install it. They are never skipped.
 */
public final class MotoServerExtension implements BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MotoServerExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return server(extension);
    }

    static MotoServer server(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(MotoServer.class, k -> start(), MotoServer.class);
    }

    private static MotoServer start() {
        try {
            return MotoServer.start();
        } catch (IllegalStateException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }
}
