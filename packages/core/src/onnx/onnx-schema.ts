/**
 * The part of the ONNX protobuf schema (onnx/onnx.proto, IR versions 3–10) that snowblind reads
 * and writes, as a protobufjs JSON descriptor. Field numbers follow the ONNX wire format.
 *
 * Messages we never inspect (functions, training info, sparse tensors, non-tensor types) are
 * declared as opaque `bytes`: a length-delimited message and a `bytes` field share the wire
 * type, so they survive a parse/serialize round trip verbatim instead of being dropped as
 * unknown fields.
 */

const stringEntry = { fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } };

const repeated = (type: string, id: number) => ({ rule: 'repeated', type, id });

export const ONNX_SCHEMA = {
  nested: {
    onnx: {
      nested: {
        StringStringEntryProto: stringEntry,
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
        TensorProto: {
          fields: {
            dims: repeated('int64', 1),
            dataType: { type: 'int32', id: 2 },
            segment: { type: 'bytes', id: 3 },
            floatData: repeated('float', 4),
            int32Data: repeated('int32', 5),
            stringData: repeated('bytes', 6),
            int64Data: repeated('int64', 7),
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            doubleData: repeated('double', 10),
            uint64Data: repeated('uint64', 11),
            docString: { type: 'string', id: 12 },
            externalData: repeated('StringStringEntryProto', 13),
            dataLocation: { type: 'int32', id: 14 },
            metadataProps: repeated('bytes', 16),
          },
        },
        TensorShapeProto: {
          fields: { dim: repeated('Dimension', 1) },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
              fields: {
                dimValue: { type: 'int64', id: 1 },
                dimParam: { type: 'string', id: 2 },
                denotation: { type: 'string', id: 3 },
              },
            },
          },
        },
        TypeProto: {
          fields: {
            tensorType: { type: 'TensorType', id: 1 },
            sequenceType: { type: 'bytes', id: 4 },
            mapType: { type: 'bytes', id: 5 },
            denotation: { type: 'string', id: 6 },
            sparseTensorType: { type: 'bytes', id: 8 },
            optionalType: { type: 'bytes', id: 9 },
          },
          nested: {
            TensorType: {
              fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } },
            },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
            metadataProps: repeated('bytes', 4),
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            g: { type: 'GraphProto', id: 6 },
            floats: repeated('float', 7),
            ints: repeated('int64', 8),
            strings: repeated('bytes', 9),
            tensors: repeated('TensorProto', 10),
            graphs: repeated('GraphProto', 11),
            docString: { type: 'string', id: 13 },
            tp: { type: 'bytes', id: 14 },
            typeProtos: repeated('bytes', 15),
            type: { type: 'int32', id: 20 },
            refAttrName: { type: 'string', id: 21 },
            sparseTensor: { type: 'bytes', id: 22 },
            sparseTensors: repeated('bytes', 23),
          },
        },
        NodeProto: {
          fields: {
            input: repeated('string', 1),
            output: repeated('string', 2),
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            attribute: repeated('AttributeProto', 5),
            docString: { type: 'string', id: 6 },
            domain: { type: 'string', id: 7 },
            overload: { type: 'string', id: 8 },
            metadataProps: repeated('bytes', 9),
          },
        },
        GraphProto: {
          fields: {
            node: repeated('NodeProto', 1),
            name: { type: 'string', id: 2 },
            initializer: repeated('TensorProto', 5),
            docString: { type: 'string', id: 10 },
            input: repeated('ValueInfoProto', 11),
            output: repeated('ValueInfoProto', 12),
            valueInfo: repeated('ValueInfoProto', 13),
            quantizationAnnotation: repeated('bytes', 14),
            sparseInitializer: repeated('bytes', 15),
            metadataProps: repeated('bytes', 16),
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            opsetImport: repeated('OperatorSetIdProto', 8),
            metadataProps: repeated('StringStringEntryProto', 14),
            trainingInfo: repeated('bytes', 20),
            functions: repeated('bytes', 25),
            configuration: repeated('bytes', 26),
          },
        },
      },
    },
  },
} as const;
