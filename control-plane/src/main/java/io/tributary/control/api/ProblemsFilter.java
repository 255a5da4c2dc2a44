package io.tributary.control.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.quarkus.smallrye.openapi.OpenApiFilter;

import jakarta.ws.rs.GET;

/**
 * Documents each operation's {@link Problems} as its error responses, with what every operation,
 * every authenticated one and every one with a body may answer: one response per status, {@code
 * application/problem+json} with the {@code Problem} schema, the codes in its description and in
 * {@code x-problem-codes} (a 401 with its {@code WWW-Authenticate} header). Operation ids come as
 * {@code <package.Class>_<method>} ({@code quarkus.smallrye-openapi.operation-id-strategy}) so that
 * the method can be found; they are published as {@code <Class>_<method>}. Runs once, at startup.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ProblemsFilter implements OASFilter {
  /** What any endpoint may answer, whatever it does (a NUL in the path or query: bad-parameter). */
  private static final Set<ApiProblem> ALWAYS =
      EnumSet.of(
          ApiProblem.BAD_PARAMETER, ApiProblem.INTERNAL_ERROR, ApiProblem.DATABASE_UNAVAILABLE);

  /** What any operation that takes a body may answer. */
  private static final Set<ApiProblem> WITH_BODY =
      EnumSet.of(
          ApiProblem.MALFORMED_BODY, ApiProblem.INVALID_BODY, ApiProblem.UNSUPPORTED_MEDIA_TYPE);

  private static final String SCHEMA = "Problem";

  @Override
  public Operation filterOperation(Operation operation) {
    String id = operation.getOperationId();
    int cut = id == null ? -1 : id.lastIndexOf('_');
    if (cut < 0) {
      return operation;
    }
    String className = id.substring(0, cut);
    String methodName = id.substring(cut + 1);
    operation.setOperationId(
        className.substring(className.lastIndexOf('.') + 1) + "_" + methodName);
    Set<ApiProblem> problems = EnumSet.copyOf(ALWAYS);
    if (operation.getRequestBody() != null) {
      problems.addAll(WITH_BODY);
    }
    Problems declared = declared(className, methodName);
    if (declared == null || declared.authenticated()) {
      problems.add(ApiProblem.UNAUTHENTICATED);
      if (!readOnly(className, methodName)) {
        problems.add(ApiProblem.CSRF_REJECTED); // when made with the web console's session cookie
      }
    }
    if (declared != null) {
      problems.addAll(Arrays.asList(declared.value()));
    }
    Map<Integer, List<ApiProblem>> byStatus =
        problems.stream()
            .collect(Collectors.groupingBy(ApiProblem::status, TreeMap::new, Collectors.toList()));
    byStatus.forEach(
        (status, list) ->
            operation.getResponses().addAPIResponse(status.toString(), response(status, list)));
    return operation;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    Schema field =
        OASFactory.createSchema()
            .addType(Schema.SchemaType.OBJECT)
            .addProperty("field", text)
            .addProperty("message", text);
    openAPI
        .getComponents()
        .addSchema(
            SCHEMA,
            OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details with a stable code (see ApiProblem)")
                .addProperty("type", text)
                .addProperty("title", text)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("code", text)
                .addProperty("detail", text)
                .addProperty(
                    "errors",
                    OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(field)));
  }

  private static APIResponse response(int status, List<ApiProblem> problems) {
    String description =
        problems.stream().map(p -> p.code() + ": " + p.summary()).collect(Collectors.joining("; "));
    List<Object> codes = new ArrayList<>(problems.stream().map(ApiProblem::code).toList());
    APIResponse response = OASFactory.createAPIResponse();
    if (status == 401) {
      response.addHeader(
          "WWW-Authenticate",
          OASFactory.createHeader()
              .description("the challenge: " + ProblemMapper.CHALLENGE)
              .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }
    return response
        .description(description)
        .addExtension("x-problem-codes", codes)
        .content(
            OASFactory.createContent()
                .addMediaType(
                    Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA))));
  }

  /** True if the resource method is a GET (or cannot be found). */
  private static boolean readOnly(String className, String methodName) {
    try {
      Class<?> type = Class.forName(className, false, ProblemsFilter.class.getClassLoader());
      return Arrays.stream(type.getMethods())
          .filter(m -> m.getName().equals(methodName))
          .allMatch(m -> m.isAnnotationPresent(GET.class));
    } catch (ClassNotFoundException e) {
      return true;
    }
  }

  /** The resource method's {@link Problems}, or null if it has none or cannot be found. */
  private static Problems declared(String className, String methodName) {
    try {
      Class<?> type = Class.forName(className, false, ProblemsFilter.class.getClassLoader());
      return Arrays.stream(type.getMethods())
          .filter(m -> m.getName().equals(methodName))
          .map(m -> m.getAnnotation(Problems.class))
          .filter(p -> p != null)
          .findFirst()
          .orElse(null);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
