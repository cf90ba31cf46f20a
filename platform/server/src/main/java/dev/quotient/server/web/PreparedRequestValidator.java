package dev.quotient.server.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The library's request validator with its schema validators built once, at start, and small requests
 * checked on the event loop. The stock one builds a validator for every parameter and body of every
 * request, copying the whole contract's schema index each time (most of a board read's CPU), and hops
 * to a worker thread to do it.
 */
final class PreparedRequestValidator extends RequestValidatorImpl {

  /** Bodies up to this size are checked in place; larger ones (batches, imports) on a worker. */
  static final int INLINE_BODY_BYTES = 16 * 1024;

  private final OpenAPIContract contract;

  private PreparedRequestValidator(Vertx vertx, OpenAPIContract prepared) {
    super(vertx, prepared);
    this.contract = prepared;
  }

  static PreparedRequestValidator create(Vertx vertx, OpenAPIContract contract) {
    return new PreparedRequestValidator(vertx, new PreparedContract(contract));
  }

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    Operation operation = contract.operation(operationId);
    RequestParameter body = request.getBody();
    if (operation == null || body != null && !body.isNull() && body.getBuffer(io.vertx.core.buffer.Buffer.buffer())
        .length() > INLINE_BODY_BYTES) {
      return super.validate(request, operationId);
    }
    try {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter p : operation.getParameters()) {
        switch (p.getIn()) {
          case COOKIE -> cookies.put(p.getName(), validateParameter(p, request.getCookies().get(p.getName())));
          case HEADER -> headers.put(p.getName(), validateParameter(p, request.getHeaders().get(p.getName())));
          case PATH -> path.put(p.getName(), validateParameter(p, request.getPathParameters().get(p.getName())));
          case QUERY -> query.put(p.getName(), validateParameter(p, request.getQuery().get(p.getName())));
        }
      }
      return Future.succeededFuture(new ValidatedRequestImpl(cookies, headers, path, query,
          validateBody(operation.getRequestBody(), request)));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** The contract as it is, but for a schema repository whose validators for the contract's own schemas are ready. */
  private record PreparedContract(OpenAPIContract contract, SchemaRepository schemas) implements OpenAPIContract {

    PreparedContract(OpenAPIContract contract) {
      this(contract, new PreparedSchemas(contract));
    }

    @Override public Operation operation(String operationId) { return contract.operation(operationId); }
    @Override public List<Operation> operations() { return contract.operations(); }
    @Override public List<Path> getPaths() { return contract.getPaths(); }
    @Override public JsonObject getRawContract() { return contract.getRawContract(); }
    @Override public OpenAPIVersion getVersion() { return contract.getVersion(); }
    @Override public SchemaRepository getSchemaRepository() { return schemas; }
    @Override public List<Server> getServers() { return contract.getServers(); }
    @Override public Path findPath(String urlPath) { return contract.findPath(urlPath); }
    @Override public Operation findOperation(String urlPath, HttpMethod method) { return contract.findOperation(urlPath, method); }
    @Override public List<SecurityRequirement> getSecurityRequirements() { return contract.getSecurityRequirements(); }
    @Override public SecurityScheme securityScheme(String name) { return contract.securityScheme(name); }
  }

  /**
   * Validators for every parameter and body schema of the contract, built once (a validator is
   * immutable and checks from any thread); anything else is the library's as before.
   */
  private static final class PreparedSchemas implements SchemaRepository {
    private final SchemaRepository schemas;
    /** Written only here, read-only afterwards. */
    private final Map<JsonSchema, Validator> ready = new IdentityHashMap<>();

    PreparedSchemas(OpenAPIContract contract) {
      this.schemas = contract.getSchemaRepository();
      for (Operation op : contract.operations()) {
        for (Parameter p : op.getParameters()) {
          ready.computeIfAbsent(p.getSchema(), schemas::validator);
        }
        if (op.getRequestBody() != null) {
          for (MediaType type : op.getRequestBody().getContent().values()) {
            if (type.getSchema() != null) {
              ready.computeIfAbsent(type.getSchema(), schemas::validator);
            }
          }
        }
      }
    }

    @Override
    public Validator validator(JsonSchema schema) {
      Validator v = ready.get(schema);
      return v != null ? v : schemas.validator(schema);
    }

    @Override public SchemaRepository dereference(JsonSchema schema) { return schemas.dereference(schema); }
    @Override public SchemaRepository dereference(String uri, JsonSchema schema) { return schemas.dereference(uri, schema); }
    @Override public SchemaRepository preloadMetaSchema(FileSystem fs) { return schemas.preloadMetaSchema(fs); }
    @Override public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) { return schemas.preloadMetaSchema(fs, draft); }
    @Override public Validator validator(String ref) { return schemas.validator(ref); }
    @Override public Validator validator(String ref, JsonSchemaOptions options) { return schemas.validator(ref, options); }
    @Override public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return schemas.validator(schema, options, dereference);
    }
    @Override public JsonObject resolve(JsonObject schema) { return schemas.resolve(schema); }
    @Override public JsonSchema find(String pointer) { return schemas.find(pointer); }
  }
}
