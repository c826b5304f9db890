import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { downloadShippingDocument, type TikTokShippingDocumentOptions, type TikTokShopClient } from '../../../../tiktok/client';
import { processItems } from '../../../shared/process-items';
import { callOptions, requiredText } from '../parameters';
import { packageIdParameter } from './package-id.description';

const properties: INodeProperties[] = [
  packageIdParameter,
  {
    displayName: 'Document Type',
    name: 'documentType',
    type: 'options',
    options: [
      { name: 'Hazmat Label', value: 'HAZMAT_LABEL' },
      { name: 'Invoice Label', value: 'INVOICE_LABEL' },
      { name: 'Packing Slip', value: 'PACKING_SLIP' },
      { name: 'Shipping Label', value: 'SHIPPING_LABEL' },
      { name: 'Shipping Label and Packing Slip', value: 'SHIPPING_LABEL_AND_PACKING_SLIP' },
      { name: 'Shipping Label Picture', value: 'SHIPPING_LABEL_PICTURE' },
    ],
    default: 'SHIPPING_LABEL',
  },
  {
    displayName: 'Document Size',
    name: 'documentSize',
    type: 'options',
    options: [
      { name: 'A4', value: 'A4' },
      { name: 'A5', value: 'A5' },
      { name: 'A6', value: 'A6' },
    ],
    default: 'A6',
  },
  {
    displayName: 'Format',
    name: 'documentFormat',
    type: 'options',
    options: [
      { name: 'PDF', value: 'PDF' },
      { name: 'ZPL', value: 'ZPL', description: 'For thermal printers' },
    ],
    default: 'PDF',
  },
  {
    displayName: 'Put Output File in Field',
    name: 'binaryPropertyName',
    type: 'string',
    default: 'data',
    required: true,
    hint: 'The name of the output binary field to put the document in',
  },
];

export const description = updateDisplayOptions({ show: { resource: ['fulfillment'], operation: ['getShippingDocument'] } }, properties);

/** Asks TikTok for the document of a shipped package, downloads it from its short-lived link and outputs it as binary data. */
export async function execute(this: IExecuteFunctions, client: TikTokShopClient): Promise<INodeExecutionData[][]> {
  return processItems(this, 1, async (itemIndex, item) => {
    const packageId = requiredText(this, itemIndex, 'packageId', 'Package ID');
    const binaryPropertyName = requiredText(this, itemIndex, 'binaryPropertyName', 'Put Output File in Field');
    const document: TikTokShippingDocumentOptions = {
      document_type: this.getNodeParameter('documentType', itemIndex) as TikTokShippingDocumentOptions['document_type'],
      document_size: this.getNodeParameter('documentSize', itemIndex) as TikTokShippingDocumentOptions['document_size'],
      document_format: this.getNodeParameter('documentFormat', itemIndex) as TikTokShippingDocumentOptions['document_format'],
    };
    const { doc_url, tracking_number } = await client.getShippingDocument(packageId, document, callOptions(this, itemIndex));
    const file = await downloadShippingDocument(doc_url);
    const fileName = `${packageId}-${String(document.document_type).toLowerCase()}.${document.document_format === 'ZPL' ? 'zpl' : 'pdf'}`;
    return {
      json: { ...item.json, shippingDocument: { package_id: packageId, tracking_number, doc_url, ...document } },
      binary: { ...item.binary, [binaryPropertyName]: await this.helpers.prepareBinaryData(file.data, fileName, file.mimeType) },
    };
  });
}
